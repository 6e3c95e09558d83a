import { ORDER_STATUSES, type OrderStatus } from '@facet/domain';
import { IsPageSize } from '@facet/platform';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IsUtcInstant } from '../contract/contract';

/** `GET /v1/orders`: the partner's orders, newest first. */
export class OrderFeedQueryDto {
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  /** Only orders changed at or after this instant. */
  @IsOptional()
  @IsUtcInstant()
  updated_since?: string;

  @IsOptional()
  @IsString()
  cursor?: string;

  @IsOptional()
  @IsPageSize()
  limit: number = 50;
}

export class ShipmentEventDto {
  @IsString()
  @Length(1, 200)
  description!: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  location?: string;
}

/** `POST /v1/orders/{id}/shipments`: the carrier's tracking number and, optionally, the order's new status. */
export class CreateShipmentDto {
  @IsString()
  @Length(1, 40)
  carrier!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'tracking_number must be 1 to 64 letters, digits or dashes' })
  tracking_number!: string;

  /** `shipped` (the default: handed to the carrier) or `delivered`. */
  @IsOptional()
  @IsIn(['shipped', 'delivered'])
  status?: 'shipped' | 'delivered';

  /** The tracking event; by default "Handed to <carrier>" or "Delivered". */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ShipmentEventDto)
  event?: ShipmentEventDto;
}
