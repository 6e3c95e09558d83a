import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard, BearerAuthModule } from '@facet/auth';
import { PlatformModule } from '@facet/platform';
import { SandboxModule } from '@facet/sandbox';
import { UserServiceConfig } from './user-service.config';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    PlatformModule.forRoot({ appName: 'user-service', config: UserServiceConfig }),
    SandboxModule.forRoot({ config: UserServiceConfig }),
    BearerAuthModule.forRootAsync({
      inject: [UserServiceConfig],
      useFactory: (config: UserServiceConfig) => ({
        issuer: config.OIDC_ISSUER_URL,
        audience: config.BACKEND_AUDIENCE,
        clockToleranceSeconds: config.ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS,
      }),
    }),
    UsersModule,
  ],
  providers: [{ provide: APP_GUARD, useExisting: BearerAuthGuard }],
})
export class UserServiceModule {}
