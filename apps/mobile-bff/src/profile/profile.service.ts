import { Injectable } from '@nestjs/common';
import { parseFieldset, pickFields } from '@facet/bff';
import { type DegradedPart, OrdersClient, UsersClient, optionalPart } from '@facet/downstream';
import type { ProfileQueryDto } from './profile.dto';
import { PROFILE_FIELDS, type ProfileView, toProfileView } from './profile.view';

@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersClient,
    private readonly orders: OrdersClient,
  ) {}

  /** The profile and the order counts in parallel, each degrading on its own. */
  async load(userId: string, query: ProfileQueryDto): Promise<Partial<ProfileView>> {
    const fields = parseFieldset(query.fields, PROFILE_FIELDS);
    const degraded: DegradedPart[] = [];
    const [user, counts] = await Promise.all([
      optionalPart('user', this.users.getUser(userId), degraded),
      optionalPart('orderCount', this.orders.stats(userId), degraded),
    ]);
    return pickFields(toProfileView({ user, counts, degraded }), fields);
  }
}
