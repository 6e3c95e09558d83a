import { Injectable } from '@nestjs/common';
import { optionalPart, OrdersClient, ProductsClient, productsForPage, UsersClient, type DegradedPart } from '@facet/downstream';
import { productIdsOf } from '@facet/domain';
import { type DashboardView, toDashboardView } from './dashboard.view';

const RECENT_ORDERS = 5;

@Injectable()
export class DashboardService {
  constructor(
    private readonly users: UsersClient,
    private readonly orders: OrdersClient,
    private readonly products: ProductsClient,
  ) {}

  /** Profile, recent orders and counts in parallel; the recent orders' products in one batch after them. */
  async load(userId: string): Promise<DashboardView> {
    const degraded: DegradedPart[] = [];
    const [user, recent, counts] = await Promise.all([
      optionalPart('user', this.users.getUser(userId), degraded),
      optionalPart('recentOrders', this.orders.list({ userId, limit: RECENT_ORDERS }), degraded),
      optionalPart('orderCounts', this.orders.stats(userId), degraded),
    ]);
    const recentOrders = recent?.items ?? [];
    const products = await productsForPage(this.products, productIdsOf(recentOrders), degraded);
    return toDashboardView({ user, recentOrders: recent?.items, counts, products, degraded });
  }
}
