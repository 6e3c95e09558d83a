import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CATEGORY_ID_FORMAT } from '@facet/domain';
import { IsPageSize } from '@facet/platform';
import { IsCursor, IsIdList, NotCombinedWith } from '@facet/sandbox';

/** `GET /products`: either a batch lookup by `ids`, or a search (category and/or text) with a cursor. */
export class ProductsQueryDto {
  @IsOptional()
  @IsIdList()
  @NotCombinedWith(['category', 'q', 'cursor', 'limit'])
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

  @IsOptional()
  @IsCursor()
  cursor?: string;

  @IsOptional()
  @IsPageSize()
  limit?: number;
}

export type ProductSearch = Omit<ProductsQueryDto, 'ids'>;
