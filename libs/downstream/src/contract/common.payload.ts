import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

/** `{ [key]: string }`: an object whose every value is a string. */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringRecord',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string'),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an object of strings`,
      },
    },
    options,
  );
}

export class MoneyPayload {
  @IsInt()
  amount: number;

  @IsString()
  @Length(3, 3)
  currency: string;
}

export class AddressPayload {
  @IsString()
  id: string;

  @IsString()
  label: string;

  @IsString()
  line1: string;

  @IsOptional()
  @IsString()
  line2?: string;

  @IsString()
  city: string;

  @IsString()
  postalCode: string;

  @IsString()
  country: string;

  @IsBoolean()
  isDefault: boolean;
}

/** One page of a cursor-paginated list (`{ items, nextCursor, totalCount }`), for any item payload. */
export function pagePayload<T extends object>(item: new () => T) {
  class PagePayload {
    @IsArray()
    @ValidateNested({ each: true })
    @Type(() => item)
    items: T[];

    @IsOptional()
    @IsString()
    nextCursor?: string | null;

    @IsInt()
    @Min(0)
    totalCount: number;
  }
  return PagePayload;
}
