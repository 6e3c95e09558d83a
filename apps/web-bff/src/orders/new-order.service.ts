import { Injectable } from '@nestjs/common';
import { optionalPart, ProductsClient, UsersClient, type DegradedPart } from '@facet/downstream';
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
   * The profile (its addresses, and the locale prices are shown in) and the product search in parallel; the form
   * still comes back without either, named in `degraded`.
   */
  async load(userId: string, query: NewOrderQueryDto): Promise<NewOrderView> {
    const degraded: DegradedPart[] = [];
    const [user, products] = await Promise.all([
      optionalPart('shippingAddresses', this.users.getUser(userId), degraded),
      optionalPart('products', this.products.search({ q: query.q, category: query.category, limit: query.limit }), degraded),
    ]);
    return toNewOrderView({ user, products, degraded });
  }
}
