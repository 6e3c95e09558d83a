import { CatalogueQueryDto } from '@facet/bff';
import { IsOptional, IsString } from 'class-validator';

/** `GET /v1/products`: a page of a catalogue search. */
export class ProductSearchQueryDto extends CatalogueQueryDto {
  /** e.g. `id,name,price`: only these fields of each row (see PRODUCT_ROW_FIELDS). */
  @IsOptional()
  @IsString()
  fields?: string;
}

/** `GET /v1/products/:id`. */
export class ProductDetailQueryDto {
  /** Only these fields of the product (see PRODUCT_DETAIL_FIELDS). */
  @IsOptional()
  @IsString()
  fields?: string;
}
