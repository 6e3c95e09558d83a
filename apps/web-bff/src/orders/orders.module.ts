import { Module } from '@nestjs/common';
import { NewOrderService } from './new-order.service';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  controllers: [OrdersController],
  providers: [OrdersService, NewOrderService],
})
export class OrdersModule {}
