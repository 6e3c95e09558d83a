/**
 * Domain-to-view mappers more than one BFF uses: pure functions from domain models to the pieces screens are built of.
 * A BFF's own screens (and any view only one client shows) stay in that app.
 */
import { type Money, formatMoney } from './money';
import type { Order } from './order';
import { type Product, pickImage } from './product';
import type { Address, User } from './user';

export interface MoneyView {
  amount: number;
  currency: string;
  formatted: string;
}

export interface OrderLineView {
  productId: string;
  /** Null when the product could not be fetched: the page shows the line without details. */
  name: string | null;
  thumbnailUrl: string | null;
  quantity: number;
  unitPrice: MoneyView;
  lineTotal: MoneyView;
}

export interface OrderSummaryView {
  id: string;
  status: Order['status'];
  createdAt: string;
  total: MoneyView;
  itemCount: number;
  items: OrderLineView[];
}

export interface CustomerView {
  id: string;
  displayName: string;
  email: string;
  loyaltyTier: User['loyaltyTier'];
}

export type AddressView = Omit<Address, 'id' | 'isDefault'>;

/** An address an order can be shipped to, as a checkout offers it. */
export interface ShippingAddressOption {
  id: string;
  /** e.g. `Home: 12 High Street, London`. */
  summary: string;
  isDefault: boolean;
}

/** A product as a list shows it (a search result, a related product, a product to order). */
export interface ProductCardView {
  id: string;
  name: string;
  thumbnailUrl: string | null;
  /** In the catalogue's currency, formatted in the user's locale. */
  price: MoneyView;
  inStock: boolean;
}

/** Thumbnails are the smallest image at least this wide (a list row, on the web and on a phone). */
export const THUMBNAIL_MIN_WIDTH = 96;

export function toMoneyView(money: Money, locale: string): MoneyView {
  return { amount: money.amount, currency: money.currency, formatted: formatMoney(money, locale) };
}

export function lineTotalOf(item: Order['items'][number]): Money {
  return { amount: item.unitPrice.amount * item.quantity, currency: item.unitPrice.currency };
}

/** The product's thumbnail: the smallest image wide enough for a list row. */
export function thumbnailUrlOf(product: Product): string | null {
  return pickImage(product, THUMBNAIL_MIN_WIDTH)?.url ?? null;
}

/** How many units an order holds (a line of three counts three). */
export function itemCountOf(order: Order): number {
  return order.items.reduce((count, item) => count + item.quantity, 0);
}

export function toOrderLineView(item: Order['items'][number], product: Product | undefined, locale: string): OrderLineView {
  return {
    productId: item.productId,
    name: product?.name ?? null,
    thumbnailUrl: product ? thumbnailUrlOf(product) : null,
    quantity: item.quantity,
    unitPrice: toMoneyView(item.unitPrice, locale),
    lineTotal: toMoneyView(lineTotalOf(item), locale),
  };
}

export function toOrderSummaryView(order: Order, products: ReadonlyMap<string, Product>, locale: string): OrderSummaryView {
  return {
    id: order.id,
    status: order.status,
    createdAt: order.createdAt,
    total: toMoneyView(order.total, locale),
    itemCount: itemCountOf(order),
    items: order.items.map((item) => toOrderLineView(item, products.get(item.productId), locale)),
  };
}

export function toCustomerView(user: User): CustomerView {
  return { id: user.id, displayName: user.displayName, email: user.email, loyaltyTier: user.loyaltyTier };
}

export function toAddressView(address: Address): AddressView {
  const { id: _id, isDefault: _isDefault, ...view } = address;
  return view;
}

/** Product ids an order list needs, each once. */
export function productIdsOf(orders: readonly Order[]): string[] {
  return [...new Set(orders.flatMap((order) => order.items.map((item) => item.productId)))];
}

/** The locale money is shown in: the user's preference when known. */
export function localeOf(user: User | undefined): string {
  return user?.preferences.locale ?? 'en-GB';
}

export function toShippingAddressOption(address: Address): ShippingAddressOption {
  return { id: address.id, summary: `${address.label}: ${address.line1}, ${address.city}`, isDefault: address.isDefault };
}

export function toProductCardView(product: Product, locale: string): ProductCardView {
  return {
    id: product.id,
    name: product.name,
    thumbnailUrl: thumbnailUrlOf(product),
    price: toMoneyView(product.price, locale),
    inStock: product.stock > 0,
  };
}
