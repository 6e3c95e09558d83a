import { Injectable } from '@nestjs/common';
import type { BearerPrincipal } from '@facet/auth';
import type { Order, OrderStatus } from '@facet/domain';
import { ConflictError, FacetError, NotFoundError } from '@facet/platform';
import { OrderStore } from '../orders/order.store';
import type { AddShipmentEventDto } from './shipments.dto';

/** The statuses an order moves to from each status when a carrier reports it. */
const NEXT_STATUS: Partial<Record<OrderStatus, OrderStatus>> = { paid: 'shipped', shipped: 'delivered' };
const SHIPPABLE: readonly OrderStatus[] = ['paid', 'shipped', 'delivered'];

export class ServiceTokenRequiredError extends FacetError {
  override readonly name = 'ServiceTokenRequiredError';
  constructor() {
    super('FORBIDDEN', 'Only a service token may record shipment events', 403);
  }
}

/** Carriers' tracking events, recorded by trusted services (a warehouse, a carrier integration). */
@Injectable()
export class ShipmentsService {
  constructor(private readonly store: OrderStore) {}

  addEvent(caller: BearerPrincipal, orderId: string, { carrier, trackingNumber, event, status }: AddShipmentEventDto): Order {
    if (caller.isUser) throw new ServiceTokenRequiredError();
    const order = this.store.get(orderId);
    if (!order) throw new NotFoundError('Order', orderId);
    if (!SHIPPABLE.includes(order.status)) {
      throw new ConflictError('ORDER_NOT_SHIPPABLE', `Order ${orderId} is ${order.status}: it has nothing to ship`, {
        status: order.status,
      });
    }
    if (status !== undefined && status !== order.status && NEXT_STATUS[order.status] !== status) {
      throw new ConflictError('INVALID_STATUS_TRANSITION', `Order ${orderId} cannot go from ${order.status} to ${status}`, {
        from: order.status,
        to: status,
      });
    }
    const now = new Date().toISOString();
    const moved = status !== undefined && status !== order.status;
    return this.store.replace({
      ...order,
      status: moved ? status : order.status,
      statusHistory: moved ? [...order.statusHistory, { status, at: now }] : order.statusHistory,
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
