import {
  type MoneyView,
  type Product,
  type ShippingAddressOption,
  type User,
  defaultAddress,
  thumbnailUrlOf,
  toMoneyView,
  toShippingAddressOption,
} from '@facet/domain';
import type { DegradedPart } from '@facet/downstream';
import { withDegraded } from '../screen';
import type { CartLine } from './cart';

/** Why a line of the cart cannot be ordered as it is. */
export type CheckoutProblem = 'unknown-product' | 'out-of-stock' | 'not-enough-stock';

export interface CheckoutLineView {
  productId: string;
  /** Null when the product could not be fetched, or does not exist. */
  name: string | null;
  thumbnailUrl: string | null;
  quantity: number;
  /** The catalogue's price now (the order is priced the same way); null when unknown. */
  unitPrice: MoneyView | null;
  lineTotal: MoneyView | null;
  /** Units to be had now; null when unknown. */
  stock: number | null;
  /** Only when the line cannot be ordered as it is. */
  problem?: CheckoutProblem;
}

/** Everything a phone's checkout screen shows, in one answer: the cart priced, where it can go, what it will cost. */
export interface CheckoutView {
  lines: CheckoutLineView[];
  itemCount: number;
  /** What the order will cost: the sum of the lines; null while a line's price is unknown. */
  total: MoneyView | null;
  /** Empty when the profile could not be fetched (see `degraded`). */
  shippingAddresses: ShippingAddressOption[];
  defaultShippingAddressId: string | null;
  /** Every line can be ordered as it is, its price is known, and there is an address to ship to. */
  canPlaceOrder: boolean;
  degraded?: DegradedPart[];
}

export const CHECKOUT_FIELDS = [
  'lines',
  'itemCount',
  'total',
  'shippingAddresses',
  'defaultShippingAddressId',
  'canPlaceOrder',
] as const satisfies readonly (keyof CheckoutView)[];

export interface CheckoutData {
  cart: readonly CartLine[];
  /** The products that could be had, by id; an id in `unavailable` could not be asked, any other missing one does not exist. */
  products: ReadonlyMap<string, Product>;
  unavailable: ReadonlySet<string>;
  user?: User;
  locale: string;
  degraded: readonly DegradedPart[];
}

function problemOf(line: CartLine, product: Product | undefined, unavailable: boolean): CheckoutProblem | undefined {
  if (!product) return unavailable ? undefined : 'unknown-product';
  if (product.stock === 0) return 'out-of-stock';
  return product.stock < line.quantity ? 'not-enough-stock' : undefined;
}

function totalOf(lines: readonly CheckoutLineView[], locale: string): MoneyView | null {
  const totals = lines.map((line) => line.lineTotal);
  if (totals.some((total) => total === null)) return null;
  const known = totals as MoneyView[];
  // The catalogue prices in one currency; a cart that mixed them would have no one total.
  if (new Set(known.map((total) => total.currency)).size !== 1) return null;
  return toMoneyView({ amount: known.reduce((sum, total) => sum + total.amount, 0), currency: known[0].currency }, locale);
}

export function toCheckoutView(data: CheckoutData): CheckoutView {
  const { locale } = data;
  const lines = data.cart.map((line): CheckoutLineView => {
    const product = data.products.get(line.productId);
    const problem = problemOf(line, product, data.unavailable.has(line.productId));
    return {
      productId: line.productId,
      name: product?.name ?? null,
      thumbnailUrl: product ? thumbnailUrlOf(product) : null,
      quantity: line.quantity,
      unitPrice: product ? toMoneyView(product.price, locale) : null,
      lineTotal: product ? toMoneyView({ amount: product.price.amount * line.quantity, currency: product.price.currency }, locale) : null,
      stock: product?.stock ?? null,
      ...(problem && { problem }),
    };
  });
  const total = totalOf(lines, locale);
  const addresses = data.user?.addresses ?? [];
  return withDegraded(
    {
      lines,
      itemCount: data.cart.reduce((count, line) => count + line.quantity, 0),
      total,
      shippingAddresses: addresses.map(toShippingAddressOption),
      defaultShippingAddressId: data.user ? (defaultAddress(data.user)?.id ?? null) : null,
      canPlaceOrder: total !== null && addresses.length > 0 && lines.every((line) => line.problem === undefined),
    },
    data.degraded,
  );
}
