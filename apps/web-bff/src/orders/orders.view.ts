import {
  CANCELLABLE_STATUSES,
  type Order,
  type OrderStatus,
  type Page,
  type Product,
  type User,
  type AddressView,
  type CustomerView,
  type MoneyView,
  type OrderLineView,
  type OrderSummaryView,
  localeOf,
  toAddressView,
  toCustomerView,
  toMoneyView,
  toOrderLineView,
  toOrderSummaryView,
} from '@facet/domain';
import { type DegradedPart } from '@facet/downstream';
import { type ProductDetailView, toProductDetailView } from '../products/products.view';

export interface OrdersPageView {
  page: number;
  pageSize: number;
  totalCount: number;
  totalPages: number;
  status: OrderStatus | null;
  orders: OrderSummaryView[];
  degraded: DegradedPart[];
}

export function toOrdersPageView(
  result: Page<Order>,
  query: { page: number; pageSize: number; status?: OrderStatus },
  products: ReadonlyMap<string, Product>,
  user: User | undefined,
  degraded: DegradedPart[],
): OrdersPageView {
  const locale = localeOf(user);
  return {
    page: query.page,
    pageSize: query.pageSize,
    totalCount: result.totalCount,
    totalPages: Math.max(1, Math.ceil(result.totalCount / query.pageSize)),
    status: query.status ?? null,
    orders: result.items.map((order) => toOrderSummaryView(order, products, locale)),
    degraded,
  };
}

/** A summary line with the full product. */
export interface OrderDetailLineView extends OrderLineView {
  /** Null when the product could not be fetched. */
  product: ProductDetailView | null;
}

export interface OrderDetailView {
  id: string;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
  total: MoneyView;
  items: OrderDetailLineView[];
  customer: CustomerView | null;
  shippingAddress: AddressView;
  timeline: { status: OrderStatus; at: string; note?: string }[];
  shipment: Order['shipment'] | null;
  canCancel: boolean;
  degraded: DegradedPart[];
}

export function toOrderDetailView(
  order: Order,
  products: ReadonlyMap<string, Product>,
  user: User | undefined,
  degraded: DegradedPart[],
): OrderDetailView {
  const locale = localeOf(user);
  return {
    id: order.id,
    status: order.status,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    total: toMoneyView(order.total, locale),
    items: order.items.map((item) => {
      const product = products.get(item.productId);
      return { ...toOrderLineView(item, product, locale), product: product ? toProductDetailView(product, locale) : null };
    }),
    customer: user ? toCustomerView(user) : null,
    shippingAddress: toAddressView(order.shippingAddress),
    timeline: [...order.statusHistory].sort((a, b) => a.at.localeCompare(b.at)),
    shipment: order.shipment ?? null,
    canCancel: CANCELLABLE_STATUSES.includes(order.status),
    degraded,
  };
}
