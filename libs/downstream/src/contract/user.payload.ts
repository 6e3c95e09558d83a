import { LOYALTY_TIERS, type LoyaltyTier } from '@facet/domain';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsISO8601, IsObject, IsString, Min, ValidateNested } from 'class-validator';
import { AddressPayload } from './common.payload';

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
  tier: LoyaltyTier;

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
