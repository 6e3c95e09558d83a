import { Injectable } from '@nestjs/common';
import type { Product } from '@facet/domain';
import { type DegradedPart, DownstreamError, ProductsClient, UsersClient, optionalPart, productForPage } from '@facet/downstream';
import { RequestValidationError } from '@facet/platform';
import type { NewOrderQueryDto } from './new-order.dto';
import { type NewOrderView, toNewOrderView } from './new-order.view';

/** The new-order form's data: where the user can ship to, and what they can order. */
@Injectable()
export class NewOrderService {
  constructor(
    private readonly users: UsersClient,
    private readonly products: ProductsClient,
  ) {}

  /**
   * The profile (its addresses, and the locale prices are shown in), the product search and the product the user
   * came to order, in parallel; the form still comes back without any of them, named in `degraded`.
   */
  async load(userId: string, query: NewOrderQueryDto): Promise<NewOrderView> {
    const degraded: DegradedPart[] = [];
    const [user, products, chosen] = await Promise.all([
      optionalPart('shippingAddresses', this.users.getUser(userId), degraded),
      optionalPart('products', this.products.search({ q: query.q, category: query.category, limit: query.limit }), degraded),
      query.productId === undefined ? undefined : this.chosenProduct(query.productId, degraded),
    ]);
    return toNewOrderView({ user, products, chosen, degraded });
  }

  /** A product id that names no product is the client's mistake, a 400 naming the parameter; an outage only degrades. */
  private async chosenProduct(id: string, degraded: DegradedPart[]): Promise<Product | undefined> {
    try {
      return await optionalPart('products', productForPage(this.products, id, degraded, 'products'), degraded);
    } catch (error) {
      if (error instanceof DownstreamError && error.kind === 'not-found') {
        throw new RequestValidationError([{ field: 'productId', problems: [`productId ${id} names no product`] }]);
      }
      throw error;
    }
  }
}
