import { type Address, type Money, type Order, type Product, type User, formatMoney, pickImage } from '@facet/domain';

/** The screens' `degraded: [{ part, reason }]` entries, as libs/downstream's degradation helpers record them. */
export type { DegradedPart } from '@facet/downstream';

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

/** Thumbnails are the smallest image at least this wide. */
const THUMBNAIL_MIN_WIDTH = 96;

export function toMoneyView(money: Money, locale: string): MoneyView {
  return { amount: money.amount, currency: money.currency, formatted: formatMoney(money, locale) };
}

function lineTotal(item: Order['items'][number]): Money {
  return { amount: item.unitPrice.amount * item.quantity, currency: item.unitPrice.currency };
}

/** The product's thumbnail: the smallest image wide enough for a list row. */
export function thumbnailUrlOf(product: Product): string | null {
  return pickImage(product, THUMBNAIL_MIN_WIDTH)?.url ?? null;
}

export function toOrderLineView(item: Order['items'][number], product: Product | undefined, locale: string): OrderLineView {
  return {
    productId: item.productId,
    name: product?.name ?? null,
    thumbnailUrl: product ? thumbnailUrlOf(product) : null,
    quantity: item.quantity,
    unitPrice: toMoneyView(item.unitPrice, locale),
    lineTotal: toMoneyView(lineTotal(item), locale),
  };
}

export function toOrderSummaryView(order: Order, products: ReadonlyMap<string, Product>, locale: string): OrderSummaryView {
  return {
    id: order.id,
    status: order.status,
    createdAt: order.createdAt,
    total: toMoneyView(order.total, locale),
    itemCount: order.items.reduce((count, item) => count + item.quantity, 0),
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
