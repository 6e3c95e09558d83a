import { auditTrail, noStoreByDefault } from '@facet/bff';
import { bootstrap } from '@facet/platform';
import pino from 'pino';
import { PublishedDocument } from './openapi/openapi.controller';
import { partnerApiDocument } from './openapi/openapi.document';
import { PartnerBffModule } from './partner-bff.module';

/** The audit trail is written whatever LOG_LEVEL says: one JSON line per request, apart from the request log. */
const audit = pino({ name: 'partner-bff', base: { kind: 'audit' }, timestamp: pino.stdTimeFunctions.isoTime });

void bootstrap(PartnerBffModule, {
  appName: 'partner-bff',
  configure: (app) => {
    app.use(auditTrail((record) => audit.info(record, 'audit')));
    app.use(noStoreByDefault());
    app.get(PublishedDocument).publish(partnerApiDocument(app));
  },
});
