import type { BearerPrincipal } from '@facet/auth';
import type { OrderStatus } from '@facet/domain';
import { OrderStore } from '../orders/order.store';
import { ShipmentsService } from './shipments.service';

const warehouse: BearerPrincipal = { subject: 'wms', clientId: 'wms', scopes: [], isUser: false, token: 't', claims: {} };

describe('ShipmentsService', () => {
  let store: OrderStore;
  let shipments: ShipmentsService;
  const firstWith = (status: OrderStatus): string => store.list().find((order) => order.status === status)!.id;

  beforeEach(() => {
    store = new OrderStore();
    shipments = new ShipmentsService(store);
  });

  it('ships a paid order, then delivers it, recording each event', () => {
    const id = firstWith('paid');
    const shipped = shipments.addEvent(warehouse, id, {
      carrier: 'DPD',
      event: { description: 'Collected', location: 'Hub' },
      status: 'shipped',
    });
    expect(shipped.status).toBe('shipped');
    expect(shipped.shipment).toMatchObject({ carrier: 'DPD', events: [{ description: 'Collected', location: 'Hub' }] });
    const delivered = shipments.addEvent(warehouse, id, { carrier: 'DPD', event: { description: 'Delivered' }, status: 'delivered' });
    expect(delivered.statusHistory.map((change) => change.status)).toEqual(['pending', 'paid', 'shipped', 'delivered']);
    expect(delivered.shipment!.events).toHaveLength(2);
    expect(delivered.shipment!.trackingNumber).toBe(shipped.shipment!.trackingNumber);
  });

  it('refuses user tokens, unshippable orders and backward moves', () => {
    const user = { ...warehouse, subject: 'u_0001', clientId: 'facet-mobile', isUser: true };
    expect(() => shipments.addEvent(user, firstWith('paid'), { carrier: 'DPD', event: { description: 'x' } })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => shipments.addEvent(warehouse, firstWith('cancelled'), { carrier: 'DPD', event: { description: 'x' } })).toThrow(
      expect.objectContaining({ status: 409, code: 'ORDER_NOT_SHIPPABLE' }),
    );
    expect(() =>
      shipments.addEvent(warehouse, firstWith('delivered'), { carrier: 'DPD', event: { description: 'x' }, status: 'shipped' }),
    ).toThrow(expect.objectContaining({ status: 409, code: 'INVALID_STATUS_TRANSITION' }));
    expect(() => shipments.addEvent(warehouse, 'o_99999', { carrier: 'DPD', event: { description: 'x' } })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('moves only to the next status, and leaves the status as it is only once shipped', () => {
    const invalid = expect.objectContaining({ status: 409, code: 'INVALID_STATUS_TRANSITION' });
    const paid = firstWith('paid');
    expect(() => shipments.addEvent(warehouse, paid, { carrier: 'DPD', event: { description: 'x' } })).toThrow(invalid);
    expect(() => shipments.addEvent(warehouse, paid, { carrier: 'DPD', event: { description: 'x' }, status: 'delivered' })).toThrow(
      invalid,
    );
    for (const status of ['shipped', 'delivered'] as const) {
      expect(() => shipments.addEvent(warehouse, firstWith(status), { carrier: 'DPD', event: { description: 'x' }, status })).toThrow(
        invalid,
      );
    }
    expect(store.get(paid)!.status).toBe('paid');
    expect(store.get(paid)!.shipment).toBeUndefined();

    const shipped = firstWith('shipped');
    const tracked = shipments.addEvent(warehouse, shipped, { carrier: 'DPD', event: { description: 'In transit' } });
    expect(tracked.status).toBe('shipped');
    expect(tracked.statusHistory.at(-1)!.status).toBe('shipped');
    expect(tracked.shipment!.events.at(-1)!.description).toBe('In transit');
  });
});
