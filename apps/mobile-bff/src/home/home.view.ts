import type { Order, OrderCounts, OrderStatus, Product, User } from '@facet/domain';
import type { DegradedPart } from '@facet/downstream';
import { type OrderRowView, toOrderRowView } from '../orders/orders.view';
import { withDegraded } from '../screen';

/** Orders still on their way to the customer. */
export const ACTIVE_STATUSES: readonly OrderStatus[] = ['pending', 'paid', 'shipped'];

export const HOME_RECENT_ORDERS = 3;

export type HomeOrderView = Omit<OrderRowView, 'createdAt'>;

export interface HomeView {
  /** Null when the user service could not answer (see `degraded`). */
  firstName: string | null;
  recentOrders: HomeOrderView[];
  /** Null when the counts could not be fetched. */
  activeOrderCount: number | null;
  degraded?: DegradedPart[];
}

export interface HomeData {
  user?: User;
  recentOrders?: readonly Order[];
  counts?: OrderCounts;
  products: ReadonlyMap<string, Product>;
  degraded: readonly DegradedPart[];
}

export function toHomeView(data: HomeData): HomeView {
  const { counts } = data;
  return withDegraded(
    {
      firstName: data.user?.givenName ?? null,
      recentOrders: (data.recentOrders ?? []).slice(0, HOME_RECENT_ORDERS).map((order) => {
        const { createdAt: _createdAt, ...row } = toOrderRowView(order, data.products);
        return row;
      }),
      activeOrderCount: counts ? ACTIVE_STATUSES.reduce((sum, status) => sum + counts[status], 0) : null,
    },
    data.degraded,
  );
}
