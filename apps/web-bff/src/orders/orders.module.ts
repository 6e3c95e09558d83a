import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { Downstream } from '../downstream';
import { NewOrderService } from './new-order.service';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  imports: [AuthModule, Downstream],
  controllers: [OrdersController],
  providers: [OrdersService, NewOrderService],
})
export class OrdersModule {}
