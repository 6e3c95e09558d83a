import type { Order, OrderCounts, Product, User } from '@facet/domain';
import { type DegradedPart, OrdersClient, ProductsClient, UsersClient, optionalPart, productsForPage } from '@facet/downstream';
import { Injectable } from '@nestjs/common';

/** What a landing screen (web dashboard, mobile home) is built from; each part may be missing, named in `degraded`. */
export interface AccountOverview {
  user?: User;
  recentOrders?: Order[];
  counts?: OrderCounts;
  products: Map<string, Product>;
  degraded: DegradedPart[];
}

export interface AccountOverviewQuery {
  /** How many of the newest orders. */
  recentOrders: number;
  /** The products the screen shows for those orders (every line's, or only the first's for a thumbnail). */
  productIdsOf: (orders: readonly Order[]) => string[];
}

/**
 * A user's profile, newest orders and order counts in parallel, then the products those orders show in one batch
 * after them: the critical path is orders → products. Each part degrades on its own.
 */
@Injectable()
export class AccountOverviewLoader {
  constructor(
    private readonly users: UsersClient,
    private readonly orders: OrdersClient,
    private readonly products: ProductsClient,
  ) {}

  async load(userId: string, query: AccountOverviewQuery): Promise<AccountOverview> {
    const degraded: DegradedPart[] = [];
    const [user, recent, counts] = await Promise.all([
      optionalPart('user', this.users.getUser(userId), degraded),
      optionalPart('recentOrders', this.orders.list({ userId, limit: query.recentOrders }), degraded),
      optionalPart('orderCounts', this.orders.stats(userId), degraded),
    ]);
    const products = await productsForPage(this.products, query.productIdsOf(recent?.items ?? []), degraded);
    return { user, recentOrders: recent?.items, counts, products, degraded };
  }
}
