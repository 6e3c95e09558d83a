import { PRODUCT_ID, ProductFilterDto } from '@facet/bff';
import { IsPageSize } from '@facet/platform';
import { IsOptional, Matches } from 'class-validator';

/** `GET /api/orders/new`: narrows the products the form offers. The bounds are the product service's own. */
export class NewOrderQueryDto extends ProductFilterDto {
  /** How many products are looked at; out-of-stock ones among them are left out, so as many or fewer are offered. */
  @IsOptional()
  @IsPageSize()
  limit: number = 20;

  /** The product the user came to order (from its product page): offered first, whatever the search finds. */
  @IsOptional()
  @Matches(PRODUCT_ID, { message: 'productId must be a product id such as p_0042' })
  productId?: string;
}
