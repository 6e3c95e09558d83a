import { ORDER_STATUSES, type OrderStatus } from '@facet/domain';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { AddressPayload, MoneyPayload, pagePayload } from './common.payload';

export class OrderItemPayload {
  @IsString()
  productId: string;

  @IsInt()
  @Min(1)
  quantity: number;

  @IsObject()
  @ValidateNested()
  @Type(() => MoneyPayload)
  unitPrice: MoneyPayload;
}

export class StatusChangePayload {
  @IsIn(ORDER_STATUSES)
  status: OrderStatus;

  @IsISO8601()
  at: string;

  @IsOptional()
  @IsString()
  note?: string;
}

export class ShipmentEventPayload {
  @IsISO8601()
  at: string;

  @IsOptional()
  @IsString()
  location?: string;

  @IsString()
  description: string;
}

export class ShipmentPayload {
  @IsString()
  carrier: string;

  @IsString()
  trackingNumber: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ShipmentEventPayload)
  events: ShipmentEventPayload[];
}

/** An order as the order service sends it (docs/reference-world.md). */
export class OrderPayload {
  @IsString()
  id: string;

  @IsString()
  userId: string;

  @IsIn(ORDER_STATUSES)
  status: OrderStatus;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OrderItemPayload)
  items: OrderItemPayload[];

  @IsObject()
  @ValidateNested()
  @Type(() => MoneyPayload)
  total: MoneyPayload;

  @IsObject()
  @ValidateNested()
  @Type(() => AddressPayload)
  shippingAddress: AddressPayload;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StatusChangePayload)
  statusHistory: StatusChangePayload[];

  @IsOptional()
  @ValidateNested()
  @Type(() => ShipmentPayload)
  shipment?: ShipmentPayload;

  /** The partner that ships the order; null or absent when Facet ships it itself. */
  @IsOptional()
  @IsString()
  fulfilmentPartnerId?: string | null;

  @IsISO8601()
  createdAt: string;

  @IsISO8601()
  updatedAt: string;
}

/** `GET /orders`: one page, newest first. */
export const OrderPagePayload = pagePayload(OrderPayload);
export type OrderPagePayload = InstanceType<typeof OrderPagePayload>;

export class OrderCountsPayload {
  @IsInt()
  @Min(0)
  pending: number;

  @IsInt()
  @Min(0)
  paid: number;

  @IsInt()
  @Min(0)
  shipped: number;

  @IsInt()
  @Min(0)
  delivered: number;

  @IsInt()
  @Min(0)
  cancelled: number;
}

/** `GET /orders/stats`. */
export class OrderStatsPayload {
  @IsString()
  userId: string;

  @IsObject()
  @ValidateNested()
  @Type(() => OrderCountsPayload)
  counts: OrderCountsPayload;

  @IsInt()
  @Min(0)
  total: number;
}
