import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { BrowserApi, CurrentSession, type SessionPrincipal } from '@facet/auth';
import { IdempotencyKey } from '@facet/platform';
import { NewOrderQueryDto } from './new-order.dto';
import { NewOrderService } from './new-order.service';
import type { NewOrderView } from './new-order.view';
import { CreateOrderDto, OrderIdPipe, idempotentAnswer } from '@facet/bff';
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

  /**
   * `201` with the new order. A repeated Idempotency-Key gets the first answer again, `201` too, with
   * `Idempotent-Replayed: true` (the order service recognises the key and creates nothing).
   */
  @Post()
  async create(
    @CurrentSession() session: SessionPrincipal,
    @Body() body: CreateOrderDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderDetailView> {
    return idempotentAnswer(await this.orders.create(session.subject, body, idempotencyKey), response);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentSession() session: SessionPrincipal, @Param('id', OrderIdPipe) id: string): Promise<OrderDetailView> {
    return this.orders.cancel(session.subject, id);
  }
}
