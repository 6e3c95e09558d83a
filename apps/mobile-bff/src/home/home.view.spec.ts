import { ada, order, product } from '@facet/testing';
import { toHomeView } from './home.view';

describe('toHomeView', () => {
  const counts = { pending: 1, paid: 2, shipped: 3, delivered: 4, cancelled: 5 };
  const products = new Map([
    ['p_1', product('p_1', 'Pen')],
    ['p_3', product('p_3', 'Ink')],
  ]);

  it('holds the first name, at most three recent orders with one thumbnail each, and the active-order count', () => {
    const recentOrders = [order('o_4', ['p_1', 'p_2']), order('o_3', ['p_3']), order('o_2', ['p_9'], 'shipped'), order('o_1', ['p_1'])];
    expect(toHomeView({ user: ada, recentOrders, counts, products, degraded: [] })).toEqual({
      firstName: 'Ada',
      recentOrders: [
        { id: 'o_4', status: 'paid', total: { amount: 5000, currency: 'GBP' }, itemCount: 4, thumbnailUrl: 'https://img.test/p_1/t.jpg' },
        { id: 'o_3', status: 'paid', total: { amount: 2500, currency: 'GBP' }, itemCount: 2, thumbnailUrl: 'https://img.test/p_3/t.jpg' },
        { id: 'o_2', status: 'shipped', total: { amount: 2500, currency: 'GBP' }, itemCount: 2, thumbnailUrl: null },
      ],
      activeOrderCount: 6,
    });
  });

  it('answers with what it has and names what is missing', () => {
    expect(toHomeView({ products: new Map(), degraded: [{ part: 'user', reason: 'unavailable' }] })).toEqual({
      firstName: null,
      recentOrders: [],
      activeOrderCount: null,
      degraded: [{ part: 'user', reason: 'unavailable' }],
    });
  });
});
