import type { Order } from '@facet/domain';
import { DownstreamError, type OrdersClient, type ProductsClient, type UsersClient } from '@facet/downstream';
import { ada, order, product } from '@facet/testing';
import { AccountOverviewLoader } from './account-overview';

const outage = (service: string): DownstreamError => new DownstreamError({ service, kind: 'timeout', route: 'GET /x', durationMs: 1 });

function loaderWith(overrides: { users?: Partial<UsersClient>; orders?: Partial<OrdersClient>; products?: Partial<ProductsClient> }) {
  const calls: string[] = [];
  const users = { getUser: (id: string) => (calls.push(`user ${id}`), Promise.resolve(ada)), ...overrides.users };
  const orders = {
    list: (query: { limit?: number }) => (
      calls.push(`list ${query.limit}`),
      Promise.resolve({ items: [order('o_1', ['p_1', 'p_2']), order('o_2', ['p_3'])], nextCursor: null, totalCount: 2 })
    ),
    stats: () => Promise.resolve({ pending: 1, paid: 2, shipped: 3, delivered: 4, cancelled: 5 }),
    ...overrides.orders,
  };
  const products = {
    getAvailableProducts: (ids: readonly string[]) => (
      calls.push(`products ${ids.join(',')}`),
      Promise.resolve({ products: new Map(ids.map((id) => [id, product(id)])), unavailable: [], stale: [] })
    ),
    ...overrides.products,
  };
  const loader = new AccountOverviewLoader(users as UsersClient, orders as unknown as OrdersClient, products as unknown as ProductsClient);
  return { loader, calls };
}

const firstLines = (orders: readonly Order[]): string[] => orders.map((o) => o.items[0].productId);

describe('AccountOverviewLoader', () => {
  it('loads the profile, the newest orders and the counts, then only the products the screen asks for', async () => {
    const { loader, calls } = loaderWith({});
    const overview = await loader.load('u_0001', { recentOrders: 3, productIdsOf: firstLines });
    expect(calls).toEqual(['user u_0001', 'list 3', 'products p_1,p_3']);
    expect(overview.user).toBe(ada);
    expect(overview.recentOrders?.map((o) => o.id)).toEqual(['o_1', 'o_2']);
    expect(overview.counts?.shipped).toBe(3);
    expect([...overview.products.keys()]).toEqual(['p_1', 'p_3']);
    expect(overview.degraded).toEqual([]);
  });

  it('leaves out each part whose service is down and names it, keeping the rest', async () => {
    const { loader } = loaderWith({
      users: { getUser: () => Promise.reject(outage('users')) },
      orders: { stats: () => Promise.reject(outage('orders')) },
    });
    const overview = await loader.load('u_0001', { recentOrders: 3, productIdsOf: firstLines });
    expect(overview.user).toBeUndefined();
    expect(overview.counts).toBeUndefined();
    expect(overview.recentOrders).toHaveLength(2);
    expect(overview.degraded).toEqual([
      { part: 'user', reason: 'unavailable' },
      { part: 'orderCounts', reason: 'unavailable' },
    ]);
  });

  it('fails on an answer that is not an outage (the backend refusing the request)', async () => {
    const refused = new DownstreamError({
      service: 'orders',
      kind: 'http-4xx',
      route: 'GET /orders',
      durationMs: 1,
      upstream: { status: 403 },
    });
    const { loader } = loaderWith({ orders: { list: () => Promise.reject(refused) } });
    await expect(loader.load('u_0001', { recentOrders: 3, productIdsOf: firstLines })).rejects.toBe(refused);
  });
});
