import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard, BearerAuthModule } from '@facet/auth';
import { PlatformModule } from '@facet/platform';
import { SandboxModule } from '@facet/sandbox';
import { OrderServiceConfig } from './order-service.config';
import { OrdersModule } from './orders/orders.module';
import { ShipmentsModule } from './shipments/shipments.module';

@Module({
  imports: [
    PlatformModule.forRoot({ appName: 'order-service', config: OrderServiceConfig }),
    SandboxModule.forRoot({ config: OrderServiceConfig }),
    BearerAuthModule.forRootAsync({
      inject: [OrderServiceConfig],
      useFactory: (config: OrderServiceConfig) => ({
        issuer: config.OIDC_ISSUER_URL,
        audience: config.BACKEND_AUDIENCE,
        clockToleranceSeconds: config.ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS,
      }),
    }),
    OrdersModule,
    ShipmentsModule,
  ],
  providers: [{ provide: APP_GUARD, useExisting: BearerAuthGuard }],
})
export class OrderServiceModule {}
