import { ORDER_STATUSES, type OrderStatus } from '@facet/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { FeedPageQueryDto } from '../contract/feed-query.dto';

/** `GET /v1/orders`: the partner's orders, newest first. */
export class OrderFeedQueryDto extends FeedPageQueryDto {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  /** `fulfilment`: only the orders assigned to the partner to ship (with `status=paid`, what it must ship now). */
  @ApiPropertyOptional({ enum: ['fulfilment'], description: 'Only the orders the partner fulfils (its role in them is fulfilment)' })
  @IsOptional()
  @IsIn(['fulfilment'])
  role?: 'fulfilment';
}

export class ShipmentEventDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  description!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  location?: string;
}

/** `POST /v1/orders/{id}/shipments`: the carrier's tracking number and, optionally, the order's new status. */
export class CreateShipmentDto {
  @ApiProperty({ minLength: 1, maxLength: 40, example: 'DPD' })
  @IsString()
  @Length(1, 40)
  carrier!: string;

  @ApiProperty({ pattern: '^[A-Za-z0-9-]{1,64}$', example: 'TRK123456789GB' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'tracking_number must be 1 to 64 letters, digits or dashes' })
  tracking_number!: string;

  /** `shipped` (the default: handed to the carrier) or `delivered`. */
  @ApiPropertyOptional({ enum: ['shipped', 'delivered'], default: 'shipped' })
  @IsOptional()
  @IsIn(['shipped', 'delivered'])
  status?: 'shipped' | 'delivered';

  /** The tracking event; by default "Handed to <carrier>" or "Delivered". */
  @ApiPropertyOptional({ type: ShipmentEventDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ShipmentEventDto)
  event?: ShipmentEventDto;
}
