import { ada, grete, product } from '@facet/testing';
import { toNewOrderView } from './new-order.view';

describe('toNewOrderView', () => {
  const soldOut = { ...product('p_0002', 'Ink'), stock: 0 };

  it("offers the user's addresses and the in-stock products with name, thumbnail and formatted price", () => {
    const price = { amount: 1250, currency: 'GBP', formatted: '£12.50' };
    const view = toNewOrderView({
      user: ada,
      products: { items: [product('p_0001', 'Pen'), soldOut, product('p_0003', 'Paper')], nextCursor: 'next', totalCount: 40 },
      degraded: [],
    });
    expect(view).toEqual({
      shippingAddresses: [{ id: 'u_0001_a1', summary: 'Home: 12 High Street, London', isDefault: true }],
      products: [
        { id: 'p_0001', name: 'Pen', thumbnailUrl: 'https://img.test/p_0001/t.jpg', price, inStock: true },
        { id: 'p_0003', name: 'Paper', thumbnailUrl: 'https://img.test/p_0003/t.jpg', price, inStock: true },
      ],
      moreProducts: true,
      degraded: [],
    });
  });

  it('offers the product the user came to order first, once, and only while it is in stock', () => {
    const page = { items: [product('p_0001', 'Pen'), product('p_0003', 'Paper')], nextCursor: null, totalCount: 2 };
    const first = toNewOrderView({ user: ada, products: page, chosen: product('p_0003', 'Paper'), degraded: [] });
    expect(first.products.map((offered) => offered.id)).toEqual(['p_0003', 'p_0001']);
    const gone = toNewOrderView({ user: ada, products: page, chosen: soldOut, degraded: [] });
    expect(gone.products.map((offered) => offered.id)).toEqual(['p_0001', 'p_0003']);
  });

  it("formats prices in the user's locale, and says when no more products match", () => {
    const view = toNewOrderView({ user: grete, products: { items: [product('p_0001')], nextCursor: null, totalCount: 1 }, degraded: [] });
    expect(view.products[0].price.formatted).toBe('12,50\u00a0£');
    expect(view.moreProducts).toBe(false);
  });

  it('still answers without the profile: no addresses, prices in the fallback locale', () => {
    const degraded = [{ part: 'shippingAddresses', reason: 'unavailable' as const }];
    const view = toNewOrderView({ products: { items: [product('p_0001')], nextCursor: null, totalCount: 1 }, degraded });
    expect(view.shippingAddresses).toEqual([]);
    expect(view.products[0].price.formatted).toBe('£12.50');
    expect(view.degraded).toEqual(degraded);
  });

  it('still answers without the products, offering none', () => {
    const degraded = [{ part: 'products', reason: 'unavailable' as const }];
    expect(toNewOrderView({ user: ada, degraded })).toMatchObject({ products: [], moreProducts: false, degraded });
  });
});
