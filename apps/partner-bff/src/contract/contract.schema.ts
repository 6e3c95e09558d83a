import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PartnerProduct, PartnerProductImage } from '../catalogue/product.view';
import type { PartnerAddress, PartnerOrder, PartnerOrderLine, PartnerRole, PartnerShipment } from '../orders/order.view';
import type { ContractMoney } from './contract';

/*
 * The v1 contract's schemas, for the OpenAPI document (the SWC build runs no Swagger plugin, so every property is
 * described here). Each class implements the view type it documents, so a view that gains or changes a field
 * fails to compile until its schema follows; the snapshot test then shows the change to the contract.
 */

export class MoneySchema implements ContractMoney {
  @ApiProperty({ description: 'Exact decimal amount in major units', example: '12.99', pattern: '^-?\\d+(\\.\\d+)?$' })
  amount!: string;

  @ApiProperty({ description: 'ISO 4217 currency code', example: 'GBP', minLength: 3, maxLength: 3 })
  currency!: string;
}

export class ProductImageSchema implements PartnerProductImage {
  @ApiProperty({ enum: ['thumbnail', 'small', 'medium', 'large'] })
  variant!: string;

  @ApiProperty({ format: 'uri' })
  url!: string;

  @ApiProperty({ type: 'integer' })
  width!: number;

  @ApiProperty({ type: 'integer' })
  height!: number;
}

export class ProductSchema implements PartnerProduct {
  @ApiProperty({ example: 'p_0001' })
  id!: string;

  @ApiProperty({ example: 'FCT-KIT-0001' })
  sku!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ example: 'kitchen' })
  category!: string;

  @ApiProperty({ type: MoneySchema })
  price!: MoneySchema;

  @ApiProperty({ type: 'integer', minimum: 0 })
  stock!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  attributes!: Record<string, string>;

  @ApiProperty({ type: [ProductImageSchema] })
  images!: ProductImageSchema[];

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export class ProductPageSchema {
  @ApiProperty({ type: [ProductSchema] })
  data!: ProductSchema[];

  @ApiProperty({ type: 'string', nullable: true, description: 'The next page, also in the Link header; null on the last page' })
  next_cursor!: string | null;
}

export class OrderLineSchema implements PartnerOrderLine {
  @ApiProperty({ example: 'p_0001' })
  product_id!: string;

  @ApiProperty({ type: 'string', nullable: true })
  sku!: string | null;

  @ApiProperty({ type: 'integer', minimum: 1 })
  quantity!: number;

  @ApiProperty({ type: MoneySchema })
  unit_price!: MoneySchema;
}

export class AddressSchema implements PartnerAddress {
  @ApiProperty()
  line1!: string;

  @ApiProperty({ type: 'string', nullable: true })
  line2!: string | null;

  @ApiProperty()
  city!: string;

  @ApiProperty()
  postal_code!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2' })
  country!: string;
}

export class ShipmentEventSchema {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: 'string', nullable: true })
  location!: string | null;
}

export class ShipmentSchema implements PartnerShipment {
  @ApiProperty()
  carrier!: string;

  @ApiProperty()
  tracking_number!: string;

  @ApiProperty({ type: [ShipmentEventSchema] })
  events!: ShipmentEventSchema[];
}

export class OrderSchema implements PartnerOrder {
  @ApiProperty({ example: 'o_00001' })
  id!: string;

  @ApiProperty({ enum: ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] })
  status!: string;

  @ApiProperty({
    enum: ['fulfilment', 'seller'],
    description: 'fulfilment: the partner ships the order and sees all of it; seller: it sees only its own lines',
  })
  role!: PartnerRole;

  @ApiProperty({ type: [OrderLineSchema] })
  lines!: OrderLineSchema[];

  @ApiProperty({ type: MoneySchema, description: 'The sum of lines' })
  lines_total!: MoneySchema;

  @ApiProperty({ type: AddressSchema, nullable: true, description: 'For the fulfilment partner only' })
  shipping_address!: AddressSchema | null;

  @ApiProperty({ type: ShipmentSchema, nullable: true, description: 'For the fulfilment partner only' })
  shipment!: ShipmentSchema | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export class OrderPageSchema {
  @ApiProperty({ type: [OrderSchema] })
  data!: OrderSchema[];

  @ApiProperty({ type: 'string', nullable: true, description: 'The next page, also in the Link header; null on the last page' })
  next_cursor!: string | null;
}

/** RFC 9457 problem details, as every error of the partner API is rendered. */
export class ProblemSchema {
  @ApiProperty({ description: 'Stable per error', example: 'urn:facet:problem:validation-failed' })
  type!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: 'integer' })
  status!: number;

  @ApiProperty()
  detail!: string;

  @ApiPropertyOptional({ description: 'The path the error answers' })
  instance?: string;

  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code!: string;

  @ApiPropertyOptional({ description: 'Machine-readable specifics (e.g. the fields that failed)' })
  details?: unknown;

  @ApiProperty({ description: 'Quote it when reporting a problem' })
  requestId!: string;
}
