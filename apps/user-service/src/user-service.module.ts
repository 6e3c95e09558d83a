import { Module } from '@nestjs/common';
import { ReferenceServiceModule } from '@facet/sandbox';
import { UserServiceConfig } from './user-service.config';
import { UsersModule } from './users/users.module';

@Module({
  imports: [ReferenceServiceModule.forRoot({ appName: 'user-service', config: UserServiceConfig }), UsersModule],
})
export class UserServiceModule {}
