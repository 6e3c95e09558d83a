import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { type BearerPrincipal, CurrentPrincipal, RequireScopes } from '@facet/auth';
import type { Order, Page } from '@facet/domain';
import { IdempotencyKey } from '@facet/platform';
import { NoPropertiesPipe } from '@facet/sandbox';
import type { Response } from 'express';
import { CreateOrderDto, GetOrderQueryDto, ListOrdersQueryDto, OrderStatsQueryDto } from './orders.dto';
import { OrdersService, type OrderStats } from './orders.service';

/** Every route needs `orders:read`; a write needs `orders:write` too (it answers with the order, a replay with an existing one). */
@Controller('orders')
@RequireScopes('orders:read')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  list(@CurrentPrincipal() caller: BearerPrincipal, @Query() query: ListOrdersQueryDto): Page<Order> {
    return this.orders.list(caller, query);
  }

  // Declared before `:id`, which would otherwise match it.
  @Get('stats')
  stats(@CurrentPrincipal() caller: BearerPrincipal, @Query() query: OrderStatsQueryDto): OrderStats {
    return this.orders.stats(caller, query.userId);
  }

  @Get(':id')
  get(@CurrentPrincipal() caller: BearerPrincipal, @Param('id') id: string, @Query() query: GetOrderQueryDto): Order {
    return this.orders.get(caller, id, query.partnerId);
  }

  /** `201` with the new order; `200` with `Idempotent-Replayed: true` when the key was already used for it. */
  @Post()
  @RequireScopes('orders:write')
  create(
    @CurrentPrincipal() caller: BearerPrincipal,
    @Body() body: CreateOrderDto,
    @Query(NoPropertiesPipe) _query: object,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Order {
    const { order, replayed } = this.orders.create(caller, body, idempotencyKey);
    if (replayed) response.status(200).setHeader('Idempotent-Replayed', 'true');
    return order;
  }

  @Post(':id/cancel')
  @RequireScopes('orders:write')
  @HttpCode(200)
  cancel(
    @CurrentPrincipal() caller: BearerPrincipal,
    @Param('id') id: string,
    @Body(NoPropertiesPipe) _body: object,
    @Query(NoPropertiesPipe) _query: object,
  ): Order {
    return this.orders.cancel(caller, id);
  }
}
