import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { RequireScopes } from '@facet/auth';
import { OrderIdPipe, idempotentAnswer, nextPageLink } from '@facet/bff';
import { Caller, type Principal, RequiredIdempotencyKey } from '@facet/platform';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OrderPageSchema, OrderSchema } from '../contract/contract.schema';
import {
  IDEMPOTENT_REPLAYED_HEADER,
  IdempotencyKeyHeader,
  NamesAResource,
  PartnerRoute,
  RATE_LIMIT_HEADERS,
} from '../openapi/api-docs.decorators';
import type { ContractPage } from '../contract/contract';
import { PARTNER_SCOPES } from '../scopes';
import { CreateShipmentDto, OrderFeedQueryDto } from './orders.dto';
import { OrdersService } from './orders.service';
import type { PartnerOrder } from './order.view';

@ApiTags('orders')
@PartnerRoute()
@Controller('v1/orders')
@RequireScopes(PARTNER_SCOPES.readOrders)
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get()
  @ApiOperation({ summary: "A page of the partner's orders (its products, or assigned to it), newest first", operationId: 'listOrders' })
  @ApiOkResponse({
    type: OrderPageSchema,
    headers: { Link: { description: 'The next page: <…>; rel="next"', schema: { type: 'string' } }, ...RATE_LIMIT_HEADERS },
  })
  async feed(
    @Caller() caller: Principal,
    @Query() query: OrderFeedQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContractPage<PartnerOrder>> {
    const page = await this.orders.feed(caller.subject, query);
    if (page.next_cursor !== null) {
      const { status, role, updated_since, limit } = query;
      response.setHeader('Link', nextPageLink('/v1/orders', { status, role, updated_since, cursor: page.next_cursor, limit }));
    }
    return page;
  }

  @Get(':id')
  @ApiOperation({ summary: "One of the partner's orders; any other order is 404", operationId: 'getOrder' })
  @ApiOkResponse({ type: OrderSchema, headers: RATE_LIMIT_HEADERS })
  @NamesAResource('order')
  get(@Caller() caller: Principal, @Param('id', OrderIdPipe) id: string): Promise<PartnerOrder> {
    return this.orders.get(caller.subject, id);
  }

  /** `201` with the order as it now is; a replay is that answer again (`201`) with `Idempotent-Replayed: true`. */
  @Post(':id/shipments')
  @RequireScopes(PARTNER_SCOPES.writeShipments)
  @ApiOperation({ summary: 'Record the shipment of an order the partner fulfils', operationId: 'createShipment' })
  @IdempotencyKeyHeader()
  @NamesAResource('order')
  @ApiCreatedResponse({
    type: OrderSchema,
    description: 'The order as it now is; a replay of the same request answers this again, with Idempotent-Replayed: true',
    headers: { ...RATE_LIMIT_HEADERS, ...IDEMPOTENT_REPLAYED_HEADER },
  })
  async addShipment(
    @Caller() caller: Principal,
    @Param('id', OrderIdPipe) id: string,
    @Body() body: CreateShipmentDto,
    @RequiredIdempotencyKey() idempotencyKey: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PartnerOrder> {
    return idempotentAnswer(await this.orders.addShipment(caller.subject, id, body, idempotencyKey), response);
  }
}
