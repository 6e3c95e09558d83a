import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard, BearerAuthModule } from '@facet/auth';
import { type ConfigClass, PlatformModule } from '@facet/platform';
import type { ReferenceServiceConfig } from './config/reference-service.config';
import { SandboxModule } from './sandbox.module';

export interface ReferenceServiceModuleOptions<C extends ReferenceServiceConfig> {
  /** Shown in every log line and in the start-up summary. */
  appName: string;
  /** The app's config class (extends ReferenceServiceConfig). */
  config: ConfigClass<C>;
}

/**
 * What every reference backend service (order, product, user) boots with: the platform, sandbox mode, and
 * access tokens checked on every route but health, metrics and admin. Imported once, by the app's root module.
 */
@Module({})
export class ReferenceServiceModule {
  static forRoot<C extends ReferenceServiceConfig>({ appName, config }: ReferenceServiceModuleOptions<C>): DynamicModule {
    return {
      module: ReferenceServiceModule,
      imports: [
        PlatformModule.forRoot({ appName, config }),
        SandboxModule.forRoot({ config }),
        BearerAuthModule.forRootAsync({
          inject: [config],
          useFactory: (settings: C) => ({
            issuer: settings.OIDC_ISSUER_URL,
            audience: settings.BACKEND_AUDIENCE,
            clockToleranceSeconds: settings.ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS,
          }),
        }),
      ],
      providers: [{ provide: APP_GUARD, useExisting: BearerAuthGuard }],
    };
  }
}
