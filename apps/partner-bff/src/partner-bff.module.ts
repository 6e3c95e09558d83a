import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { BffModule, CompleteAnswersInterceptor } from '@facet/bff';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { OpenApiModule } from './openapi/openapi.module';
import { OrdersModule } from './orders/orders.module';
import { PartnerBffConfig } from './partner-bff.config';

@Module({
  imports: [
    BffModule.forRoot({ app: 'partner-bff', config: PartnerBffConfig, auth: { kind: 'partner' }, errors: 'problem' }),
    ApiKeysModule,
    CatalogueModule,
    OrdersModule,
    OpenApiModule,
  ],
  providers: [
    {
      // A partner syncs data: a partial list would read as deletions, so an outage is a 503 to retry.
      provide: APP_INTERCEPTOR,
      inject: [PartnerBffConfig],
      useFactory: (config: PartnerBffConfig) => new CompleteAnswersInterceptor(config.RETRY_AFTER_SECONDS),
    },
  ],
})
export class PartnerBffModule {}
