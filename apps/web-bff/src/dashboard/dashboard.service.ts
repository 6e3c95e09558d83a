import { Injectable } from '@nestjs/common';
import { AccountOverviewLoader } from '@facet/bff';
import { productIdsOf } from '@facet/domain';
import { type DashboardView, toDashboardView } from './dashboard.view';

const RECENT_ORDERS = 5;

@Injectable()
export class DashboardService {
  constructor(private readonly overview: AccountOverviewLoader) {}

  /** Profile, recent orders (with every line's product) and counts, each degrading on its own. */
  async load(userId: string): Promise<DashboardView> {
    return toDashboardView(await this.overview.load(userId, { recentOrders: RECENT_ORDERS, productIdsOf }));
  }
}
