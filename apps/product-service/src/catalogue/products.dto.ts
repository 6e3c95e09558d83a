import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsCursor, IsIdList, IsPageLimit, NotCombinedWith } from '@facet/sandbox';

/** `GET /products`: either a batch lookup by `ids`, or a search (category and/or text) with a cursor. */
export class ProductsQueryDto {
  @IsOptional()
  @IsIdList()
  @NotCombinedWith(['category', 'q', 'cursor', 'limit'])
  ids?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'category must be a category id such as "kitchen"' })
  category?: string;

  /** Text searched in names and descriptions, ignoring case. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @IsOptional()
  @IsCursor()
  cursor?: string;

  @IsOptional()
  @IsPageLimit()
  limit?: number;
}

export type ProductSearch = Omit<ProductsQueryDto, 'ids'>;
