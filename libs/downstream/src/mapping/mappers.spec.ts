import { orderPayload, productPayload, userPayload } from '../../test-support/fixtures';
import { toOrder, toOrderCounts, toOrderPage } from './order.mapper';
import { toProduct, toProductPage } from './product.mapper';
import { toUser } from './user.mapper';

describe('mappers', () => {
  it('maps a user payload to the domain user (name.given → givenName, loyalty.tier → loyaltyTier)', () => {
    expect(toUser(userPayload('u_0001'))).toEqual({
      id: 'u_0001',
      email: 'u_0001@example.test',
      givenName: 'Ada',
      familyName: 'Lovelace',
      displayName: 'Ada L.',
      addresses: [{ id: 'a1', label: 'Home', line1: '1 Main St', city: 'London', postalCode: 'N1', country: 'GB', isDefault: true }],
      preferences: { locale: 'en-GB', currency: 'GBP', marketingEmails: false },
      loyaltyTier: 'gold',
      createdAt: '2023-05-06T07:08:09.000Z',
    });
  });

  it('maps a product and drops properties the domain does not know', () => {
    const product = toProduct({ ...productPayload('p_0001'), ...{ internalCost: 3 } });
    expect(product).toEqual({
      id: 'p_0001',
      sku: 'SKU-p_0001',
      name: 'Product p_0001',
      description: 'A fine thing',
      price: { amount: 1999, currency: 'EUR' },
      category: 'kitchen',
      images: [{ variant: 'thumbnail', url: 'https://img.example.test/p_0001/t.jpg', width: 100, height: 100 }],
      stock: 7,
      attributes: { colour: 'red' },
      partnerId: 'acme',
      createdAt: '2024-01-02T03:04:05.000Z',
      updatedAt: '2024-02-03T04:05:06.000Z',
    });
    expect(product).not.toHaveProperty('internalCost');
  });

  it('maps a search page, a missing cursor becoming null', () => {
    expect(toProductPage({ items: [productPayload('p_1')], totalCount: 1 })).toMatchObject({ nextCursor: null, totalCount: 1 });
    expect(toProductPage({ items: [], nextCursor: 'abc', totalCount: 0 }).nextCursor).toBe('abc');
  });

  it('maps an order with its optional parts only when present', () => {
    const order = toOrder(orderPayload('o_1'));
    expect(order.shippingAddress.line2).toBe('Flat 2');
    expect(order.statusHistory).toEqual([
      { status: 'pending', at: '2024-01-01T00:00:00.000Z' },
      { status: 'paid', at: '2024-01-01T00:05:00.000Z', note: 'card' },
    ]);
    expect(order).not.toHaveProperty('shipment');
    expect(order.statusHistory[0]).not.toHaveProperty('note');
    // A backend that does not know fulfilment partners: Facet ships it.
    expect(order.fulfilmentPartnerId).toBeNull();
    expect(toOrder(orderPayload('o_3', { fulfilmentPartnerId: 'globex' })).fulfilmentPartnerId).toBe('globex');
    const { fulfilmentPartnerId: _absent, ...withoutPartner } = orderPayload('o_4');
    expect(toOrder(withoutPartner).fulfilmentPartnerId).toBeNull();

    const shipped = toOrder(
      orderPayload('o_2', {
        status: 'shipped',
        shipment: {
          carrier: 'DHL',
          trackingNumber: 'T1',
          events: [
            { at: '2024-01-02T00:00:00.000Z', description: 'Picked up' },
            { at: '2024-01-03T00:00:00.000Z', location: 'Leeds', description: 'In transit' },
          ],
        },
      }),
    );
    expect(shipped.shipment).toEqual({
      carrier: 'DHL',
      trackingNumber: 'T1',
      events: [
        { at: '2024-01-02T00:00:00.000Z', description: 'Picked up' },
        { at: '2024-01-03T00:00:00.000Z', location: 'Leeds', description: 'In transit' },
      ],
    });
  });

  it('maps pages and counts', () => {
    expect(toOrderPage({ items: [orderPayload('o_1')], nextCursor: null, totalCount: 7 })).toMatchObject({
      nextCursor: null,
      totalCount: 7,
    });
    expect(toOrderCounts({ pending: 1, paid: 2, shipped: 3, delivered: 4, cancelled: 5 })).toEqual({
      pending: 1,
      paid: 2,
      shipped: 3,
      delivered: 4,
      cancelled: 5,
    });
  });
});
