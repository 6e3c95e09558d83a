import type { Order } from '@facet/domain';
import { order, product } from '@facet/testing';
import { withDegraded } from '../screen';
import { firstProductIds, toOrderDetailView, toOrderRowView } from './orders.view';

describe('mobile order views', () => {
  const products = new Map([['p_1', product('p_1', 'Pen')]]);

  it('makes a list row of only what a row shows: money in minor units, timestamps as given (ISO-8601 UTC)', () => {
    expect(toOrderRowView(order('o_1', ['p_1', 'p_2']), products)).toEqual({
      id: 'o_1',
      status: 'paid',
      createdAt: '2026-01-01T10:00:00.000Z',
      total: { amount: 5000, currency: 'GBP' },
      itemCount: 4,
      thumbnailUrl: 'https://img.test/p_1/t.jpg',
    });
  });

  it('makes a compact detail with phone-sized images, line totals, a one-line address and tracking', () => {
    const shipped: Order = {
      ...order('o_2', ['p_1', 'p_9'], 'shipped'),
      shipment: { carrier: 'DHL', trackingNumber: 'JD0001', events: [{ at: '2026-01-02T00:00:00.000Z', description: 'Left the depot' }] },
    };
    expect(toOrderDetailView(shipped, products)).toEqual({
      id: 'o_2',
      status: 'shipped',
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-01T10:05:00.000Z',
      total: { amount: 5000, currency: 'GBP' },
      itemCount: 4,
      canCancel: false,
      items: [
        {
          productId: 'p_1',
          name: 'Pen',
          imageUrl: 'https://img.test/p_1/l.jpg',
          quantity: 2,
          unitPrice: { amount: 1250, currency: 'GBP' },
          lineTotal: { amount: 2500, currency: 'GBP' },
        },
        {
          productId: 'p_9',
          name: null,
          imageUrl: null,
          quantity: 2,
          unitPrice: { amount: 1250, currency: 'GBP' },
          lineTotal: { amount: 2500, currency: 'GBP' },
        },
      ],
      shipTo: '12 High Street, London, EC1A 1BB, GB',
      tracking: { carrier: 'DHL', trackingNumber: 'JD0001' },
    });
    expect(toOrderDetailView(order('o_3', ['p_1'], 'pending'), products)).toMatchObject({ canCancel: true, tracking: null });
  });

  it('names each first-line product once', () => {
    expect(firstProductIds([order('o_1', ['p_1', 'p_2']), order('o_2', ['p_1']), order('o_3', ['p_3'])])).toEqual(['p_1', 'p_3']);
  });

  it('adds degraded only when something is missing', () => {
    expect(withDegraded({ id: 'o_1' }, [])).toEqual({ id: 'o_1' });
    expect(withDegraded({ id: 'o_1' }, [{ part: 'products', reason: 'stale' }])).toEqual({
      id: 'o_1',
      degraded: [{ part: 'products', reason: 'stale' }],
    });
  });
});
