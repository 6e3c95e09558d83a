import {
  type Page,
  type Product,
  type ProductCardView,
  type ShippingAddressOption,
  type User,
  localeOf,
  toProductCardView,
  toShippingAddressOption,
} from '@facet/domain';
import { type DegradedPart } from '@facet/downstream';

/** Everything the new-order form shows, in one answer. */
export interface NewOrderView {
  /** Empty when the profile is unavailable (see `degraded`). */
  shippingAddresses: ShippingAddressOption[];
  /**
   * In-stock products matching the query, in the catalogue's order, after the one asked for by `productId` (when it
   * is in stock); empty when the product service is unavailable.
   */
  products: ProductCardView[];
  /** More products match than were looked at: a narrower `q` or `category` finds them. */
  moreProducts: boolean;
  degraded: DegradedPart[];
}

export interface NewOrderData {
  user?: User;
  products?: Page<Product>;
  /** The product the user came to order (`productId`), offered first. */
  chosen?: Product;
  degraded: DegradedPart[];
}

export function toNewOrderView(data: NewOrderData): NewOrderView {
  const locale = localeOf(data.user);
  return {
    shippingAddresses: (data.user?.addresses ?? []).map(toShippingAddressOption),
    // A product nobody can have is no choice: the form offers only what can be ordered now, each product once.
    products: [...(data.chosen ? [data.chosen] : []), ...(data.products?.items ?? []).filter((product) => product.id !== data.chosen?.id)]
      .filter((product) => product.stock > 0)
      .map((product) => toProductCardView(product, locale)),
    moreProducts: (data.products?.nextCursor ?? null) !== null,
    degraded: data.degraded,
  };
}
