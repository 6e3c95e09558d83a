import { IMAGE_VARIANTS, type ImageVariant } from '@facet/domain';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsObject, IsString, Min, ValidateNested } from 'class-validator';
import { IsStringRecord, MoneyPayload, pagePayload } from './common.payload';

export class ProductImagePayload {
  @IsIn(IMAGE_VARIANTS)
  variant: ImageVariant;

  @IsString()
  url: string;

  @IsInt()
  @Min(0)
  width: number;

  @IsInt()
  @Min(0)
  height: number;
}

/** A product as the product service sends it (docs/reference-world.md). */
export class ProductPayload {
  @IsString()
  id: string;

  @IsString()
  sku: string;

  @IsString()
  name: string;

  @IsString()
  description: string;

  @IsObject()
  @ValidateNested()
  @Type(() => MoneyPayload)
  price: MoneyPayload;

  @IsString()
  category: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductImagePayload)
  images: ProductImagePayload[];

  @IsInt()
  stock: number;

  @IsStringRecord()
  attributes: Record<string, string>;

  @IsString()
  partnerId: string;

  @IsISO8601()
  createdAt: string;

  @IsISO8601()
  updatedAt: string;
}

/** `GET /products?ids=`: the asked ids that exist, and the rest. */
export class ProductBatchPayload {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProductPayload)
  items: ProductPayload[];

  @IsArray()
  @IsString({ each: true })
  missing: string[];
}

export class CategoryPayload {
  @IsString()
  id: string;

  @IsString()
  name: string;

  @IsInt()
  @Min(0)
  productCount: number;
}

/** `GET /categories`: every category of the catalogue. */
export class CategoryListPayload {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CategoryPayload)
  items: CategoryPayload[];
}

/** `GET /products?category=&q=`: one page of results. */
export const ProductSearchPayload = pagePayload(ProductPayload);
export type ProductSearchPayload = InstanceType<typeof ProductSearchPayload>;
