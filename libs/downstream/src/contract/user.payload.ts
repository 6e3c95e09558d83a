import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsISO8601, IsObject, IsString, Min, ValidateNested } from 'class-validator';
import { AddressPayload } from './common.payload';

export const LOYALTY_TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;

export class UserNamePayload {
  @IsString()
  given: string;

  @IsString()
  family: string;
}

export class UserPreferencesPayload {
  @IsString()
  locale: string;

  @IsString()
  currency: string;

  @IsBoolean()
  marketingEmails: boolean;
}

export class LoyaltyPayload {
  @IsIn(LOYALTY_TIERS)
  tier: (typeof LOYALTY_TIERS)[number];

  @IsInt()
  @Min(0)
  points: number;
}

/** A user as the user service sends it (docs/reference-world.md). */
export class UserPayload {
  @IsString()
  id: string;

  @IsEmail({ require_tld: false })
  email: string;

  @IsObject()
  @ValidateNested()
  @Type(() => UserNamePayload)
  name: UserNamePayload;

  @IsString()
  displayName: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AddressPayload)
  addresses: AddressPayload[];

  @IsObject()
  @ValidateNested()
  @Type(() => UserPreferencesPayload)
  preferences: UserPreferencesPayload;

  @IsObject()
  @ValidateNested()
  @Type(() => LoyaltyPayload)
  loyalty: LoyaltyPayload;

  @IsISO8601()
  createdAt: string;
}

/** `GET /users?ids=`: the asked ids that exist, and the rest. */
export class UserBatchPayload {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => UserPayload)
  items: UserPayload[];

  @IsArray()
  @IsString({ each: true })
  missing: string[];
}
