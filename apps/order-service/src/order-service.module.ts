import { Module } from '@nestjs/common';
import { ReferenceServiceModule } from '@facet/sandbox';
import { OrderServiceConfig } from './order-service.config';
import { OrdersModule } from './orders/orders.module';
import { ShipmentsModule } from './shipments/shipments.module';

@Module({
  imports: [ReferenceServiceModule.forRoot({ appName: 'order-service', config: OrderServiceConfig }), OrdersModule, ShipmentsModule],
})
export class OrderServiceModule {}
