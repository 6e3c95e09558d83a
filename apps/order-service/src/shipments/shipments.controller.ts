import { Body, Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { type BearerPrincipal, CurrentPrincipal, RequireScopes } from '@facet/auth';
import type { Order } from '@facet/domain';
import { NoPropertiesPipe } from '@facet/sandbox';
import { AddShipmentEventDto } from './shipments.dto';
import { ShipmentsService } from './shipments.service';

/** As every order route: `orders:read`, and `orders:write` too for a write. */
@Controller('orders/:id/shipments')
@RequireScopes('orders:read')
export class ShipmentsController {
  constructor(private readonly shipments: ShipmentsService) {}

  /** `200` with the updated order (service tokens only). */
  @Post()
  @RequireScopes('orders:write')
  @HttpCode(200)
  add(
    @CurrentPrincipal() caller: BearerPrincipal,
    @Param('id') id: string,
    @Body() body: AddShipmentEventDto,
    @Query(NoPropertiesPipe) _query: object,
  ): Order {
    return this.shipments.addEvent(caller, id, body);
  }
}
