import { Injectable } from '@nestjs/common';
import { AccountOverviewLoader } from '@facet/bff';
import { firstProductIds } from '../orders/orders.view';
import { HOME_RECENT_ORDERS, type HomeView, toHomeView } from './home.view';

@Injectable()
export class HomeService {
  constructor(private readonly overview: AccountOverviewLoader) {}

  async load(userId: string): Promise<HomeView> {
    return toHomeView(await this.overview.load(userId, { recentOrders: HOME_RECENT_ORDERS, productIdsOf: firstProductIds }));
  }
}
