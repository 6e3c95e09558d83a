import { MatchesPipe } from '@facet/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

/** Ids as the backend services mint them; anything else cannot name a resource and is refused before any call. */
export const RESOURCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Order ids are `o_` and digits; checking the form keeps ids from reaching other backend routes (`/orders/stats`). */
export const ORDER_ID = /^o_[0-9]{1,18}$/;

/** `:id` path parameters that name an order: anything else is a 400 before any backend call. */
export const OrderIdPipe = new MatchesPipe(ORDER_ID, 'id', 'id must be an order id such as o_00042');

export class OrderLineDto {
  @Matches(RESOURCE_ID, { message: 'productId must be a product id' })
  productId!: string;

  @IsInt()
  @Min(1)
  @Max(99)
  quantity!: number;
}

/** A new order, as every client app submits it. The user comes from the caller's credential, never from the body. */
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
