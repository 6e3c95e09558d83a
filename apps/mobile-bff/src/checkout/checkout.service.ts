import { Injectable } from '@nestjs/common';
import { parseFieldset, pickFields } from '@facet/bff';
import { localeOf } from '@facet/domain';
import { type DegradedPart, ProductsClient, UsersClient, availableForPage, optionalPart } from '@facet/downstream';
import { parseCart } from './cart';
import type { CheckoutQueryDto } from './checkout.dto';
import { CHECKOUT_FIELDS, type CheckoutView, toCheckoutView } from './checkout.view';

@Injectable()
export class CheckoutService {
  constructor(
    private readonly products: ProductsClient,
    private readonly users: UsersClient,
  ) {}

  /**
   * The cart's products (one batch, from the cache when it can) and the profile (its addresses and locale), in
   * parallel; each part degrades on its own, and the screen says whether the order can be placed as it stands.
   */
  async checkout(userId: string, query: CheckoutQueryDto): Promise<Partial<CheckoutView>> {
    const cart = parseCart(query.items);
    const fields = parseFieldset(query.fields, CHECKOUT_FIELDS);
    const degraded: DegradedPart[] = [];
    const [available, user] = await Promise.all([
      availableForPage(
        this.products,
        cart.map((line) => line.productId),
        degraded,
      ),
      optionalPart('shippingAddresses', this.users.getUser(userId), degraded),
    ]);
    const view = toCheckoutView({
      cart,
      products: available.products,
      unavailable: new Set(available.unavailable),
      user,
      locale: localeOf(user),
      degraded,
    });
    return pickFields(view, fields);
  }
}
