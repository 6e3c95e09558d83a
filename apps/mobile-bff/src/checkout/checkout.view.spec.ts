import { ada, grete, product } from '@facet/testing';
import { toCheckoutView } from './checkout.view';

describe('toCheckoutView', () => {
  const pen = product('p_0001', 'Pen');
  const ink = { ...product('p_0002', 'Ink'), price: { amount: 399, currency: 'GBP' }, stock: 2 };

  it('prices every line and the total in the user’s locale, offers the addresses, and says the order can be placed', () => {
    const view = toCheckoutView({
      cart: [
        { productId: 'p_0001', quantity: 2 },
        { productId: 'p_0002', quantity: 1 },
      ],
      products: new Map([
        ['p_0001', pen],
        ['p_0002', ink],
      ]),
      unavailable: new Set(),
      user: grete,
      locale: 'de-DE',
      degraded: [],
    });
    expect(view).toEqual({
      lines: [
        {
          productId: 'p_0001',
          name: 'Pen',
          thumbnailUrl: 'https://img.test/p_0001/t.jpg',
          quantity: 2,
          unitPrice: { amount: 1250, currency: 'GBP', formatted: '12,50\u00a0£' },
          lineTotal: { amount: 2500, currency: 'GBP', formatted: '25,00\u00a0£' },
          stock: 5,
        },
        {
          productId: 'p_0002',
          name: 'Ink',
          thumbnailUrl: 'https://img.test/p_0002/t.jpg',
          quantity: 1,
          unitPrice: { amount: 399, currency: 'GBP', formatted: '3,99\u00a0£' },
          lineTotal: { amount: 399, currency: 'GBP', formatted: '3,99\u00a0£' },
          stock: 2,
        },
      ],
      itemCount: 3,
      total: { amount: 2899, currency: 'GBP', formatted: '28,99\u00a0£' },
      shippingAddresses: [{ id: 'u_0001_a1', summary: 'Home: 12 High Street, London', isDefault: true }],
      defaultShippingAddressId: 'u_0001_a1',
      canPlaceOrder: true,
    });
  });

  it('names a product that does not exist, one sold out and one with too few left, and refuses to place the order', () => {
    const view = toCheckoutView({
      cart: [
        { productId: 'p_0404', quantity: 1 },
        { productId: 'p_0003', quantity: 1 },
        { productId: 'p_0002', quantity: 3 },
      ],
      products: new Map([
        ['p_0003', { ...product('p_0003'), stock: 0 }],
        ['p_0002', ink],
      ]),
      unavailable: new Set(),
      user: ada,
      locale: 'en-GB',
      degraded: [],
    });
    expect(view.lines.map((line) => line.problem)).toEqual(['unknown-product', 'out-of-stock', 'not-enough-stock']);
    expect(view).toMatchObject({ total: null, canPlaceOrder: false });
    expect(view.lines[0]).toMatchObject({ name: null, unitPrice: null, lineTotal: null, stock: null });
  });

  it('answers without prices while the products cannot be had, and without addresses without the profile', () => {
    const degraded = [
      { part: 'products', reason: 'unavailable' as const },
      { part: 'shippingAddresses', reason: 'unavailable' as const },
    ];
    const view = toCheckoutView({
      cart: [{ productId: 'p_0001', quantity: 1 }],
      products: new Map(),
      unavailable: new Set(['p_0001']),
      locale: 'en-GB',
      degraded,
    });
    expect(view).toEqual({
      lines: [{ productId: 'p_0001', name: null, thumbnailUrl: null, quantity: 1, unitPrice: null, lineTotal: null, stock: null }],
      itemCount: 1,
      total: null,
      shippingAddresses: [],
      defaultShippingAddressId: null,
      canPlaceOrder: false,
      degraded,
    });
  });
});
