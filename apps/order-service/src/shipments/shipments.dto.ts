import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

export class ShipmentEventDto {
  @IsString()
  @Length(1, 200)
  description!: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  location?: string;
}

/** `POST /orders/:id/shipments`: a carrier's tracking event, optionally moving the order to shipped or delivered. */
export class AddShipmentEventDto {
  @IsString()
  @Length(1, 40)
  carrier!: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'trackingNumber must be 1 to 64 letters, digits or dashes' })
  trackingNumber?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => ShipmentEventDto)
  event!: ShipmentEventDto;

  @IsOptional()
  @IsIn(['shipped', 'delivered'])
  status?: 'shipped' | 'delivered';
}
