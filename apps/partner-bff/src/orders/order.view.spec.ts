import type { Order, Product } from '@facet/domain';
import { order, product } from '@facet/testing';
import { roleOf, toPartnerOrder } from './order.view';

const owned = (id: string, partnerId: string): Product => ({ ...product(id), partnerId });
const products = new Map([owned('p_1', 'acme'), owned('p_2', 'globex'), owned('p_3', 'acme')].map((item) => [item.id, item]));
const shipped: Order = {
  ...order('o_1', ['p_1', 'p_2', 'p_3'], 'shipped'),
  shipment: { carrier: 'DPD', trackingNumber: 'TRK1', events: [{ at: '2026-01-02T00:00:00.000Z', description: 'Collected' }] },
};

describe('partner order view', () => {
  it('names the role: fulfilment wins, then seller, else none of its business', () => {
    expect(roleOf({ ...shipped, fulfilmentPartnerId: 'globex' }, 'globex', products)).toBe('fulfilment');
    expect(roleOf(shipped, 'acme', products)).toBe('seller');
    expect(roleOf(shipped, 'initech', products)).toBeUndefined();
    expect(roleOf({ ...shipped, fulfilmentPartnerId: 'initech' }, 'initech', products)).toBe('fulfilment');
  });

  it("shows a seller only its own lines, their total, and neither the customer's address nor the shipment", () => {
    const view = toPartnerOrder(shipped, 'seller', 'acme', products);
    expect(view.lines.map((line) => line.product_id)).toEqual(['p_1', 'p_3']);
    expect(view.lines_total).toEqual({ amount: '50.00', currency: 'GBP' });
    expect(view).toMatchObject({ role: 'seller', shipping_address: null, shipment: null });
    expect(JSON.stringify(view)).not.toContain('u_0001');
  });

  it('shows the fulfilment partner every line, where to ship and the shipment, in snake_case', () => {
    const view = toPartnerOrder({ ...shipped, fulfilmentPartnerId: 'globex' }, 'fulfilment', 'globex', products);
    expect(view.lines).toHaveLength(3);
    expect(view.lines[0]).toEqual({ product_id: 'p_1', sku: 'SKU-p_1', quantity: 2, unit_price: { amount: '12.50', currency: 'GBP' } });
    expect(view.lines_total).toEqual({ amount: '75.00', currency: 'GBP' });
    expect(view.shipping_address).toEqual({
      line1: shipped.shippingAddress.line1,
      line2: shipped.shippingAddress.line2 ?? null,
      city: shipped.shippingAddress.city,
      postal_code: shipped.shippingAddress.postalCode,
      country: shipped.shippingAddress.country,
    });
    expect(view.shipment).toEqual({
      carrier: 'DPD',
      tracking_number: 'TRK1',
      events: [{ at: '2026-01-02T00:00:00.000Z', description: 'Collected', location: null }],
    });
    expect(JSON.stringify(view)).not.toContain('u_0001');
  });

  it('lists a line whose product the catalogue no longer knows with no sku, for the fulfilment partner', () => {
    const view = toPartnerOrder(order('o_2', ['p_gone']), 'fulfilment', 'acme', products);
    expect(view.lines[0]).toMatchObject({ product_id: 'p_gone', sku: null });
  });
});
