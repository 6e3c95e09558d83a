import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CATEGORY_ID_FORMAT, PARTNER_ID_FORMAT } from '@facet/domain';
import { IsPageSize, IsUtcInstant } from '@facet/platform';
import { IsCursor, IsIdList, NotCombinedWith } from '@facet/sandbox';

/** `GET /products`: either a batch lookup by `ids`, or a search (category, text, partner, change time) with a cursor. */
export class ProductsQueryDto {
  @IsOptional()
  @IsIdList()
  @NotCombinedWith(['category', 'q', 'cursor', 'limit', 'partnerId', 'updatedSince'])
  ids?: string;

  @IsOptional()
  @IsString()
  @Matches(CATEGORY_ID_FORMAT, { message: 'category must be a category id such as "kitchen"' })
  category?: string;

  /** Text searched in names and descriptions, ignoring case. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  /** Only this partner's products (its catalogue slice). */
  @IsOptional()
  @IsString()
  @Matches(PARTNER_ID_FORMAT, { message: 'partnerId must be a partner id such as "acme"' })
  partnerId?: string;

  /** Only products changed at or after this instant (UTC, ending in Z). */
  @IsOptional()
  @IsUtcInstant()
  updatedSince?: string;

  @IsOptional()
  @IsCursor()
  cursor?: string;

  @IsOptional()
  @IsPageSize()
  limit?: number;
}

export type ProductSearch = Omit<ProductsQueryDto, 'ids'>;
