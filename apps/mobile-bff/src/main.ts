import { noStoreByDefault, responseCompression } from '@facet/bff';
import { bootstrap } from '@facet/platform';
import { MobileBffConfig } from './mobile-bff.config';
import { MobileBffModule } from './mobile-bff.module';

void bootstrap(MobileBffModule, {
  appName: 'mobile-bff',
  configure: (app) => {
    app.use(noStoreByDefault());
    app.use(responseCompression({ thresholdBytes: app.get(MobileBffConfig).COMPRESSION_THRESHOLD_BYTES }));
  },
});
