import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { BrowserApi, CurrentSession, type SessionPrincipal } from '@facet/auth';
import { IdempotencyKey } from '@facet/platform';
import { NewOrderQueryDto } from './new-order.dto';
import { NewOrderService } from './new-order.service';
import type { NewOrderView } from './new-order.view';
import { CreateOrderDto, OrderIdPipe } from '@facet/bff';
import { OrdersQueryDto } from './orders.dto';
import { OrdersService } from './orders.service';
import type { Response } from 'express';
import type { OrderDetailView, OrdersPageView } from './orders.view';

@Controller('api/orders')
@BrowserApi()
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly newOrder: NewOrderService,
  ) {}

  @Get()
  list(@CurrentSession() session: SessionPrincipal, @Query() query: OrdersQueryDto): Promise<OrdersPageView> {
    return this.orders.page(session.subject, query);
  }

  /** Declared before `:id`: routes match in declaration order, and `new` is not an order id. */
  @Get('new')
  newOrderForm(@CurrentSession() session: SessionPrincipal, @Query() query: NewOrderQueryDto): Promise<NewOrderView> {
    return this.newOrder.load(session.subject, query);
  }

  @Get(':id')
  detail(@CurrentSession() session: SessionPrincipal, @Param('id', OrderIdPipe) id: string): Promise<OrderDetailView> {
    return this.orders.detail(session.subject, id);
  }

  /** `201` with the new order; a replayed Idempotency-Key gets `200` and `Idempotent-Replayed: true`, as from the order service. */
  @Post()
  async create(
    @CurrentSession() session: SessionPrincipal,
    @Body() body: CreateOrderDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderDetailView> {
    const { view, replayed } = await this.orders.create(session.subject, body, idempotencyKey);
    if (replayed) response.status(200).setHeader('Idempotent-Replayed', 'true');
    return view;
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentSession() session: SessionPrincipal, @Param('id', OrderIdPipe) id: string): Promise<OrderDetailView> {
    return this.orders.cancel(session.subject, id);
  }
}
