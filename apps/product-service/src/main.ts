import { bootstrap } from '@facet/platform';
import { ProductServiceModule } from './product-service.module';

void bootstrap(ProductServiceModule, { appName: 'product-service' });
