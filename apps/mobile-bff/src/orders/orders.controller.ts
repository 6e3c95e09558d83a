import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { RequireScopes } from '@facet/auth';
import { CreateOrderDto, OrderIdPipe, idempotentAnswer } from '@facet/bff';
import { Caller, type Principal, RequiredIdempotencyKey } from '@facet/platform';
import type { Response } from 'express';
import { SCREEN_SCOPES } from '../scopes';
import { OrderDetailQueryDto, OrderListQueryDto } from './orders.dto';
import { OrdersService } from './orders.service';
import type { OrderDetailView, OrderListView } from './orders.view';

@Controller('v1/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @RequireScopes(...SCREEN_SCOPES.readOrders)
  list(@Caller() caller: Principal, @Query() query: OrderListQueryDto): Promise<OrderListView> {
    return this.orders.list(caller.subject, query);
  }

  @Get(':id')
  @RequireScopes(...SCREEN_SCOPES.readOrders)
  detail(
    @Caller() caller: Principal,
    @Param('id', OrderIdPipe) id: string,
    @Query() query: OrderDetailQueryDto,
  ): Promise<Partial<OrderDetailView>> {
    return this.orders.detail(caller.subject, id, query);
  }

  @Post()
  @RequireScopes(...SCREEN_SCOPES.writeOrders)
  async create(
    @Caller() caller: Principal,
    @Body() body: CreateOrderDto,
    @RequiredIdempotencyKey() idempotencyKey: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderDetailView> {
    return idempotentAnswer(await this.orders.create(caller.subject, body, idempotencyKey), response);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireScopes(...SCREEN_SCOPES.writeOrders)
  async cancel(
    @Caller() caller: Principal,
    @Param('id', OrderIdPipe) id: string,
    @RequiredIdempotencyKey() idempotencyKey: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderDetailView> {
    return idempotentAnswer(await this.orders.cancel(caller.subject, id, idempotencyKey), response);
  }
}
