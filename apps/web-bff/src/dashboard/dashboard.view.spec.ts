import { ada, order, product } from '@facet/testing';
import { toDashboardView } from './dashboard.view';

describe('toDashboardView', () => {
  const counts = { pending: 1, paid: 2, shipped: 3, delivered: 4, cancelled: 0 };

  it('brings profile, recent orders with product details and counts together', () => {
    const view = toDashboardView({
      user: ada,
      recentOrders: [order('o_2', ['p_0002']), order('o_1', ['p_0001'])],
      counts,
      products: new Map([
        ['p_0001', product('p_0001', 'Pen')],
        ['p_0002', product('p_0002', 'Ink')],
      ]),
      degraded: [],
    });
    expect(view.user).toEqual({ id: 'u_0001', displayName: 'Ada Lovelace', email: 'ada@example.test', loyaltyTier: 'gold' });
    expect(view.recentOrders.map((o) => [o.id, o.items[0].name])).toEqual([
      ['o_2', 'Ink'],
      ['o_1', 'Pen'],
    ]);
    expect(view.orderCounts).toEqual({ ...counts, total: 10 });
    expect(view.degraded).toEqual([]);
  });

  it('still renders when parts are missing, and says which', () => {
    const view = toDashboardView({ products: new Map(), degraded: [{ part: 'user', reason: 'unavailable' }] });
    expect(view).toEqual({
      user: null,
      recentOrders: [],
      orderCounts: null,
      degraded: [{ part: 'user', reason: 'unavailable' }],
    });
  });
});
