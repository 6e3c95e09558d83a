import { CATEGORY_ID_FORMAT } from '@facet/domain';
import { IsPageSize, MatchesPipe } from '@facet/platform';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

/** Product ids are `p_` and digits (`p_0001`, `p_10000`; up to 18 digits): anything else is refused before any call. */
export const PRODUCT_ID = /^p_[0-9]{1,18}$/;

/** `:id` path parameters that name a product: anything else is a 400 before any backend call. */
export const ProductIdPipe = new MatchesPipe(PRODUCT_ID, 'id', 'id must be a product id such as p_0042');

/** What a shopper narrows the catalogue by, in every client. The bounds are the product service's own. */
export class ProductFilterDto {
  /** Text the product's name or description contains, ignoring case. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  /** Which categories exist is the catalogue's business (`GET /categories`): an unknown one matches no products. */
  @IsOptional()
  @IsString()
  @Matches(CATEGORY_ID_FORMAT, { message: 'category must be a category id such as "kitchen"' })
  category?: string;
}

/** A page of a catalogue search: the filter, where the previous page ended, and how many. */
export class CatalogueQueryDto extends ProductFilterDto {
  /** From the previous page's `nextCursor`; checked by the cursor codec (a 400 when it is not this listing's). */
  @IsOptional()
  @IsString()
  cursor?: string;

  @IsOptional()
  @IsPageSize()
  limit: number = 20;
}

/** The listing a catalogue cursor belongs to: the filter is part of it, so a cursor of another search is refused. */
export function catalogueCursorScope(subject: string, filter: ProductFilterDto): string {
  return `products:${subject}:${JSON.stringify([filter.q ?? null, filter.category ?? null])}`;
}
