import { ada, grete, order, product } from '@facet/testing';
import { localeOf, productIdsOf, toAddressView, toOrderSummaryView, toProductCardView, toShippingAddressOption } from './views';

describe('order views', () => {
  it('shows each item with its product name, thumbnail and formatted price', () => {
    const view = toOrderSummaryView(order('o_1', ['p_0001']), new Map([['p_0001', product('p_0001', 'Notebook')]]), 'en-GB');
    expect(view.items[0]).toEqual({
      productId: 'p_0001',
      name: 'Notebook',
      thumbnailUrl: 'https://img.test/p_0001/t.jpg',
      quantity: 2,
      unitPrice: { amount: 1250, currency: 'GBP', formatted: '£12.50' },
      lineTotal: { amount: 2500, currency: 'GBP', formatted: '£25.00' },
    });
    expect(view.itemCount).toBe(2);
    expect(view.total.formatted).toBe('£25.00');
  });

  it('keeps a line whose product could not be fetched, without details', () => {
    const view = toOrderSummaryView(order('o_1', ['p_0404']), new Map(), 'en-GB');
    expect(view.items[0]).toMatchObject({ productId: 'p_0404', name: null, thumbnailUrl: null });
  });

  it('lists the product ids of many orders once each', () => {
    expect(productIdsOf([order('o_1', ['p_1', 'p_2']), order('o_2', ['p_2', 'p_3'])])).toEqual(['p_1', 'p_2', 'p_3']);
  });

  it('drops internal address fields', () => {
    expect(toAddressView(ada.addresses[0])).toEqual({
      label: 'Home',
      line1: '12 High Street',
      city: 'London',
      postalCode: 'EC1A 1BB',
      country: 'GB',
    });
  });

  it("formats money in the user's locale, and in en-GB when the user is unknown", () => {
    expect(toOrderSummaryView(order('o_1', ['p_1']), new Map(), localeOf(grete)).total.formatted).toBe('25,00\u00a0£');
    expect(toOrderSummaryView(order('o_1', ['p_1']), new Map(), localeOf(undefined)).total.formatted).toBe('£25.00');
  });
});

describe('list views', () => {
  it('shows a product card with its thumbnail, its price in the given locale and whether it can be had', () => {
    expect(toProductCardView(product('p_0001', 'Kettle'), 'de-DE')).toEqual({
      id: 'p_0001',
      name: 'Kettle',
      thumbnailUrl: 'https://img.test/p_0001/t.jpg',
      price: { amount: 1250, currency: 'GBP', formatted: '12,50\u00a0£' },
      inStock: true,
    });
    expect(toProductCardView({ ...product('p_0002'), stock: 0 }, 'en-GB').inStock).toBe(false);
  });

  it('offers an address by its label and first line, saying which is the default', () => {
    expect(toShippingAddressOption(ada.addresses[0])).toEqual({
      id: 'u_0001_a1',
      summary: 'Home: 12 High Street, London',
      isDefault: true,
    });
  });
});
