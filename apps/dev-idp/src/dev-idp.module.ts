import { PlatformModule } from '@facet/platform';
import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { DevIdpConfig } from './dev-idp.config';
import { InteractionModule } from './interaction/interaction.module';
import { OidcProviderMiddleware } from './provider/oidc-provider.middleware';
import { OidcProviderModule } from './provider/oidc-provider.module';

@Module({
  imports: [PlatformModule.forRoot({ appName: 'dev-idp', config: DevIdpConfig }), OidcProviderModule, InteractionModule],
})
export class DevIdpModule implements NestModule {
  /** oidc-provider answers every path except the platform's health and the login pages. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(OidcProviderMiddleware).exclude('health/{*splat}', 'interaction/{*splat}').forRoutes('{*splat}');
  }
}
