import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/**
 * Category ids as the product service names them (`kitchen`, `home`). Which categories exist is the catalogue's
 * business (`GET /categories`), so only the form is checked here: an unknown one simply matches no products.
 */
const CATEGORY_ID = /^[a-z0-9-]{1,40}$/;

/** `GET /api/orders/new`: narrows the products the form offers. The bounds are the product service's own. */
export class NewOrderQueryDto {
  /** Text the product's name or description contains, ignoring case. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @IsOptional()
  @IsString()
  @Matches(CATEGORY_ID, { message: 'category must be a category id such as "kitchen"' })
  category?: string;

  /** How many products are looked at; out-of-stock ones among them are left out, so as many or fewer are offered. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}
