import { CATEGORY_ID_FORMAT } from '@facet/domain';
import { IsPageSize } from '@facet/platform';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

/** `GET /api/orders/new`: narrows the products the form offers. The bounds are the product service's own. */
export class NewOrderQueryDto {
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

  /** How many products are looked at; out-of-stock ones among them are left out, so as many or fewer are offered. */
  @IsOptional()
  @IsPageSize()
  limit: number = 20;
}
