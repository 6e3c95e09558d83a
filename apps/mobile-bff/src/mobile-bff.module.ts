import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { BffModule, ConditionalGetInterceptor } from '@facet/bff';
import { CatalogueModule } from './catalogue/catalogue.module';
import { CheckoutModule } from './checkout/checkout.module';
import { HomeModule } from './home/home.module';
import { MobileBffConfig } from './mobile-bff.config';
import { OrdersModule } from './orders/orders.module';
import { ProfileModule } from './profile/profile.module';

@Module({
  imports: [
    BffModule.forRoot({ app: 'mobile-bff', config: MobileBffConfig, auth: { kind: 'bearer' } }),
    HomeModule,
    CatalogueModule,
    CheckoutModule,
    OrdersModule,
    ProfileModule,
  ],
  providers: [
    {
      // Every screen is a conditional GET, reusable by the phone for SCREEN_MAX_AGE_SECONDS, per account.
      provide: APP_INTERCEPTOR,
      inject: [Reflector, MobileBffConfig],
      useFactory: (reflector: Reflector, config: MobileBffConfig) =>
        new ConditionalGetInterceptor(reflector, { maxAgeSeconds: config.SCREEN_MAX_AGE_SECONDS }, ['Authorization']),
    },
  ],
})
export class MobileBffModule {}
