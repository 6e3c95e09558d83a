import { Type } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ORDER_STATUSES, PARTNER_ID_FORMAT, type OrderStatus } from '@facet/domain';
import { IsPageSize, IsUtcInstant } from '@facet/platform';
import { IsCursor, IsResourceId, NotCombinedWith } from '@facet/sandbox';

const USER_ID = 'a user id such as u_0001';

const IsPartnerId = (): PropertyDecorator =>
  applyDecorators(IsString(), Matches(PARTNER_ID_FORMAT, { message: '$property must be a partner id such as "acme"' }));

/** `GET /orders`: newest first, by cursor or by offset. */
export class ListOrdersQueryDto {
  @IsOptional()
  @IsResourceId(USER_ID)
  userId?: string;

  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  /** A partner's orders: those holding its products or assigned to it for fulfilment (service tokens only). */
  @IsOptional()
  @IsPartnerId()
  partnerId?: string;

  /** Only the orders assigned to this partner for fulfilment, the ones it must ship (service tokens only). */
  @IsOptional()
  @IsPartnerId()
  fulfilmentPartnerId?: string;

  /** Only orders changed at or after this instant (UTC, ending in Z). */
  @IsOptional()
  @IsUtcInstant()
  updatedSince?: string;

  @IsOptional()
  @IsCursor()
  cursor?: string;

  /** For page-numbered UIs; a cursor stays stable while orders are created, an offset does not. */
  @IsOptional()
  @NotCombinedWith(['cursor'])
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;

  @IsOptional()
  @IsPageSize()
  limit?: number;
}

/** `GET /orders/:id`: with `partnerId`, another partner's order is a 404 (service tokens only). */
export class GetOrderQueryDto {
  @IsOptional()
  @IsPartnerId()
  partnerId?: string;
}

/** `GET /orders/stats`. */
export class OrderStatsQueryDto {
  @IsOptional()
  @IsResourceId(USER_ID)
  userId?: string;
}

export class OrderLineDto {
  @IsResourceId('a product id such as p_0001')
  productId!: string;

  @IsInt()
  @Min(1)
  @Max(99)
  quantity!: number;
}

/** `POST /orders`: prices and the address itself come from the catalogue and the user's profile. */
export class CreateOrderDto {
  /** With a user token it defaults to, and must be, the token's user; a service token must give it. */
  @IsOptional()
  @IsResourceId(USER_ID)
  userId?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items!: OrderLineDto[];

  @IsResourceId('an address id such as u_0001_a1')
  shippingAddressId!: string;
}
