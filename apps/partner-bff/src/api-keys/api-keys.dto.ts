import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ALL_PARTNER_SCOPES } from '../scopes';

const PARTNER_ID = /^[a-z][a-z0-9-]{1,39}$/;

/** `POST /admin/api-keys` on the management port. */
export class IssueApiKeyDto {
  @IsString()
  @Matches(PARTNER_ID, { message: 'partner_id must be a partner id such as "acme"' })
  partner_id!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_PARTNER_SCOPES.length)
  @IsIn(ALL_PARTNER_SCOPES, { each: true, message: `each scope must be one of ${ALL_PARTNER_SCOPES.join(', ')}` })
  scopes!: string[];

  /** What the key is for ("acme ERP, production"), shown in listings. */
  @IsString()
  @Length(1, 100)
  label!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  valid_days?: number;
}

/** `GET /admin/api-keys?partner_id=`. */
export class ListApiKeysQueryDto {
  @IsString()
  @Matches(PARTNER_ID, { message: 'partner_id must be a partner id such as "acme"' })
  partner_id!: string;
}
