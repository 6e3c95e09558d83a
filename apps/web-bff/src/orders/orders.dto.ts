import { ORDER_STATUSES, type OrderStatus } from '@facet/domain';
import { IsPageSize, MatchesPipe } from '@facet/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

/** Ids as the backend services mint them; anything else cannot name an order and is refused before any call. */
export const RESOURCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Order ids are `o_` and digits; checking the form keeps ids from reaching other backend routes (`/orders/stats`). */
export const ORDER_ID = /^o_[0-9]{1,18}$/;

export const OrderIdPipe = new MatchesPipe(ORDER_ID, 'id', 'id must be an order id such as o_00042');

export class OrdersQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page: number = 1;

  @IsOptional()
  @IsPageSize()
  pageSize: number = 10;

  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}

export class OrderLineDto {
  @Matches(RESOURCE_ID, { message: 'productId must be a product id' })
  productId!: string;

  @IsInt()
  @Min(1)
  @Max(99)
  quantity!: number;
}

/** The user comes from the session, never from the body. */
export class CreateOrderDto {
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  items!: OrderLineDto[];

  @IsString()
  @Matches(RESOURCE_ID, { message: 'shippingAddressId must be an address id' })
  shippingAddressId!: string;
}
