import { bootstrap } from '@facet/platform';
import { UserServiceModule } from './user-service.module';

void bootstrap(UserServiceModule, { appName: 'user-service' });
