import { type Address, type Page, type Product, type User, type MoneyView, localeOf, thumbnailUrlOf, toMoneyView } from '@facet/domain';
import { type DegradedPart } from '@facet/downstream';

/** An address a new order can be shipped to, as the form offers it. */
export interface ShippingAddressOption {
  id: string;
  summary: string;
  isDefault: boolean;
}

/** A product the new-order form offers. */
export interface ProductOptionView {
  id: string;
  name: string;
  thumbnailUrl: string | null;
  price: MoneyView;
}

/** Everything the new-order form shows, in one answer. */
export interface NewOrderView {
  /** Empty when the profile is unavailable (see `degraded`). */
  shippingAddresses: ShippingAddressOption[];
  /** In-stock products matching the query, in the catalogue's order; empty when the product service is unavailable. */
  products: ProductOptionView[];
  /** More products match than were looked at: a narrower `q` or `category` finds them. */
  moreProducts: boolean;
  degraded: DegradedPart[];
}

export interface NewOrderData {
  user?: User;
  products?: Page<Product>;
  degraded: DegradedPart[];
}

function toShippingAddressOption(address: Address): ShippingAddressOption {
  return { id: address.id, summary: `${address.label}: ${address.line1}, ${address.city}`, isDefault: address.isDefault };
}

function toProductOptionView(product: Product, locale: string): ProductOptionView {
  return { id: product.id, name: product.name, thumbnailUrl: thumbnailUrlOf(product), price: toMoneyView(product.price, locale) };
}

export function toNewOrderView(data: NewOrderData): NewOrderView {
  const locale = localeOf(data.user);
  return {
    shippingAddresses: (data.user?.addresses ?? []).map(toShippingAddressOption),
    // A product nobody can have is no choice: the form offers only what can be ordered now.
    products: (data.products?.items ?? []).filter((product) => product.stock > 0).map((product) => toProductOptionView(product, locale)),
    moreProducts: (data.products?.nextCursor ?? null) !== null,
    degraded: data.degraded,
  };
}
