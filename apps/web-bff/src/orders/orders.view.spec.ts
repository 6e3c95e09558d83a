import { ada, order, product } from '@facet/testing';
import { toOrderDetailView, toOrdersPageView } from './orders.view';

describe('toOrdersPageView', () => {
  it('computes page numbers from the total', () => {
    const view = toOrdersPageView(
      { items: [order('o_1', ['p_1'])], nextCursor: null, totalCount: 41 },
      { page: 3, pageSize: 20, status: 'paid' },
      new Map([['p_1', product('p_1')]]),
      ada,
      [],
    );
    expect(view).toMatchObject({ page: 3, pageSize: 20, totalCount: 41, totalPages: 3, status: 'paid' });
    expect(view.orders[0].items[0].name).toBe('Product p_1');
  });

  it('has one page even when empty', () => {
    expect(
      toOrdersPageView({ items: [], nextCursor: null, totalCount: 0 }, { page: 1, pageSize: 10 }, new Map(), undefined, []).totalPages,
    ).toBe(1);
  });
});

describe('toOrderDetailView', () => {
  it('shows full products, customer, address and a chronological timeline', () => {
    const o = order('o_1', ['p_1', 'p_2']);
    o.statusHistory.reverse();
    const view = toOrderDetailView(o, new Map([['p_1', product('p_1', 'Lamp')]]), ada, [{ part: 'products', reason: 'stale' }]);
    expect(view.items[0]).toMatchObject({ name: 'Lamp', thumbnailUrl: 'https://img.test/p_1/t.jpg', lineTotal: { formatted: '£25.00' } });
    expect(view.items[0].product).toMatchObject({ id: 'p_1', name: 'Lamp', inStock: true, price: { formatted: '£12.50' } });
    expect(view.items[1]).toMatchObject({ productId: 'p_2', name: null, thumbnailUrl: null, product: null });
    expect(view.customer?.displayName).toBe('Ada Lovelace');
    expect(view.shippingAddress.city).toBe('London');
    expect(view.timeline.map((t) => t.status)).toEqual(['pending', 'paid']);
    expect(view.canCancel).toBe(true);
    expect(view.degraded).toEqual([{ part: 'products', reason: 'stale' }]);
  });

  it('says a shipped order cannot be cancelled and keeps its shipment', () => {
    const o = { ...order('o_2', ['p_1'], 'shipped'), shipment: { carrier: 'DHL', trackingNumber: 'T1', events: [] } };
    const view = toOrderDetailView(o, new Map(), undefined, []);
    expect(view.canCancel).toBe(false);
    expect(view.shipment).toEqual({ carrier: 'DHL', trackingNumber: 'T1', events: [] });
    expect(view.customer).toBeNull();
  });
});
