import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { RequireScopes } from '@facet/auth';
import { OrderIdPipe, idempotentAnswer, nextPageLink } from '@facet/bff';
import { Caller, type Principal, RequiredIdempotencyKey } from '@facet/platform';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OrderPageSchema, OrderSchema } from '../contract/contract.schema';
import { IdempotencyKeyHeader, PartnerRoute, RATE_LIMIT_HEADERS } from '../openapi/api-docs.decorators';
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
      const { status, updated_since, limit } = query;
      response.setHeader('Link', nextPageLink('/v1/orders', { status, updated_since, cursor: page.next_cursor, limit }));
    }
    return page;
  }

  @Get(':id')
  @ApiOperation({ summary: "One of the partner's orders; any other order is 404", operationId: 'getOrder' })
  @ApiOkResponse({ type: OrderSchema, headers: RATE_LIMIT_HEADERS })
  get(@Caller() caller: Principal, @Param('id', OrderIdPipe) id: string): Promise<PartnerOrder> {
    return this.orders.get(caller.subject, id);
  }

  /** `201` with the order as it now is; a replay `200` with `Idempotent-Replayed: true`. */
  @Post(':id/shipments')
  @RequireScopes(PARTNER_SCOPES.writeShipments)
  @ApiOperation({ summary: 'Record the shipment of an order the partner fulfils', operationId: 'createShipment' })
  @IdempotencyKeyHeader()
  @ApiCreatedResponse({ type: OrderSchema, description: 'The order as it now is', headers: RATE_LIMIT_HEADERS })
  @ApiOkResponse({ type: OrderSchema, description: 'A replay: the first answer again, with Idempotent-Replayed: true' })
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
