import { noStoreByDefault } from '@facet/bff';
import { bootstrap } from '@facet/platform';
import { PartnerBffModule } from './partner-bff.module';

void bootstrap(PartnerBffModule, {
  appName: 'partner-bff',
  configure: (app) => {
    app.use(noStoreByDefault());
  },
});
