import { Module } from '@nestjs/common';
import { IdempotencyRegistry } from './idempotency';
import { OrderStore } from './order.store';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  controllers: [OrdersController],
  providers: [OrderStore, OrdersService, IdempotencyRegistry],
  exports: [OrderStore],
})
export class OrdersModule {}
