import { orderFeedScope } from './orders.service';

describe('orderFeedScope', () => {
  it('is what cursors were bound to before the role filter existed, when no role is asked for', () => {
    expect(orderFeedScope('acme', { status: 'paid' })).toBe('orders:acme:paid:');
    expect(orderFeedScope('acme', { updated_since: '2026-01-01T00:00:00Z' })).toBe('orders:acme::2026-01-01T00:00:00Z');
  });

  it('binds a cursor of the fulfilment listing to it', () => {
    expect(orderFeedScope('acme', { status: 'paid', role: 'fulfilment' })).toBe('orders:acme:paid::fulfilment');
    expect(orderFeedScope('acme', { status: 'paid', role: 'fulfilment' })).not.toBe(orderFeedScope('acme', { status: 'paid' }));
  });
});
