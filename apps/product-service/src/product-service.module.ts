import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard, BearerAuthModule } from '@facet/auth';
import { PlatformModule } from '@facet/platform';
import { SandboxModule } from '@facet/sandbox';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ProductServiceConfig } from './product-service.config';

@Module({
  imports: [
    PlatformModule.forRoot({ appName: 'product-service', config: ProductServiceConfig }),
    SandboxModule.forRoot({ config: ProductServiceConfig }),
    BearerAuthModule.forRootAsync({
      inject: [ProductServiceConfig],
      useFactory: (config: ProductServiceConfig) => ({
        issuer: config.OIDC_ISSUER_URL,
        audience: config.BACKEND_AUDIENCE,
        clockToleranceSeconds: config.ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS,
      }),
    }),
    CatalogueModule,
  ],
  providers: [{ provide: APP_GUARD, useExisting: BearerAuthGuard }],
})
export class ProductServiceModule {}
