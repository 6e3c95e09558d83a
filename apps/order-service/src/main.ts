import { bootstrap } from '@facet/platform';
import { OrderServiceModule } from './order-service.module';

void bootstrap(OrderServiceModule, { appName: 'order-service' });
