import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsIdList, NotCombinedWith } from '@facet/sandbox';

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
  @IsString()
  @Length(1, 200)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export type ProductSearch = Omit<ProductsQueryDto, 'ids'>;
