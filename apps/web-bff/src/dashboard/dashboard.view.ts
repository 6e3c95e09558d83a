import {
  type Order,
  type OrderCounts,
  type Product,
  type User,
  type CustomerView,
  type OrderSummaryView,
  localeOf,
  toCustomerView,
  toOrderSummaryView,
} from '@facet/domain';
import { type DegradedPart } from '@facet/downstream';

export interface DashboardView {
  /** Null when the user service could not answer (see `degraded`). */
  user: CustomerView | null;
  recentOrders: OrderSummaryView[];
  /** Null when the counts could not be fetched. */
  orderCounts: (OrderCounts & { total: number }) | null;
  degraded: DegradedPart[];
}

export interface DashboardData {
  user?: User;
  recentOrders?: Order[];
  counts?: OrderCounts;
  products: ReadonlyMap<string, Product>;
  degraded: DegradedPart[];
}

export function toDashboardView(data: DashboardData): DashboardView {
  const locale = localeOf(data.user);
  return {
    user: data.user ? toCustomerView(data.user) : null,
    recentOrders: (data.recentOrders ?? []).map((order) => toOrderSummaryView(order, data.products, locale)),
    orderCounts: data.counts ? { ...data.counts, total: Object.values(data.counts).reduce((sum, n) => sum + n, 0) } : null,
    degraded: data.degraded,
  };
}
