import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ORDER_STATUSES, type OrderStatus } from '@facet/domain';
import { NotCombinedWith } from '@facet/sandbox';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ID_MESSAGE = { message: ({ property }: { property: string }) => `${property} must be an id such as u_0001` };

/** `GET /orders`: newest first, by cursor or by offset. */
export class ListOrdersQueryDto {
  @IsOptional()
  @IsString()
  @Matches(ID, ID_MESSAGE)
  userId?: string;

  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @IsOptional()
  @IsString()
  @Length(1, 300)
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
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** `GET /orders/stats`. */
export class OrderStatsQueryDto {
  @IsOptional()
  @IsString()
  @Matches(ID, ID_MESSAGE)
  userId?: string;
}

export class OrderLineDto {
  @IsString()
  @Matches(ID, { message: 'productId must be a product id such as p_0001' })
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
  @IsString()
  @Matches(ID, ID_MESSAGE)
  userId?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items!: OrderLineDto[];

  @IsString()
  @Matches(ID, { message: 'shippingAddressId must be an address id such as u_0001_a1' })
  shippingAddressId!: string;
}
