import { Injectable } from '@nestjs/common';
import type { BearerPrincipal } from '@facet/auth';
import type { Order, OrderStatus } from '@facet/domain';
import { ConflictError, ForbiddenError, NotFoundError } from '@facet/platform';
import { OrderStore } from '../orders/order.store';
import type { AddShipmentEventDto } from './shipments.dto';

/** The status an order moves to from each status when a carrier reports it. */
const NEXT_STATUS: Partial<Record<OrderStatus, OrderStatus>> = { paid: 'shipped', shipped: 'delivered' };
const SHIPPABLE: readonly OrderStatus[] = ['paid', 'shipped', 'delivered'];

/** Carriers' tracking events, recorded by trusted services (a warehouse, a carrier integration). */
@Injectable()
export class ShipmentsService {
  constructor(private readonly store: OrderStore) {}

  addEvent(caller: BearerPrincipal, orderId: string, { carrier, trackingNumber, event, status }: AddShipmentEventDto): Order {
    if (caller.isUser) throw new ForbiddenError('Only a service token may record shipment events');
    const order = this.store.get(orderId);
    if (!order) throw new NotFoundError('Order', orderId);
    if (!SHIPPABLE.includes(order.status)) {
      throw new ConflictError('ORDER_NOT_SHIPPABLE', `Order ${orderId} is ${order.status}: it has nothing to ship`, {
        status: order.status,
      });
    }
    // An event without a status only tracks a shipment under way: a paid order's first event must ship it,
    // or the order would have a shipment while still paid (and cancellable).
    const to = status ?? order.status;
    if (status === undefined ? order.status === 'paid' : NEXT_STATUS[order.status] !== status) {
      throw new ConflictError('INVALID_STATUS_TRANSITION', `Order ${orderId} cannot go from ${order.status} to ${to}`, {
        from: order.status,
        to,
      });
    }
    const now = new Date().toISOString();
    return this.store.replace({
      ...order,
      status: to,
      statusHistory: status === undefined ? order.statusHistory : [...order.statusHistory, { status, at: now }],
      shipment: {
        carrier,
        trackingNumber: trackingNumber ?? order.shipment?.trackingNumber ?? `FCT${orderId.replace(/\D/g, '')}`,
        events: [
          ...(order.shipment?.events ?? []),
          { at: now, description: event.description, ...(event.location && { location: event.location }) },
        ],
      },
      updatedAt: now,
    });
  }
}
