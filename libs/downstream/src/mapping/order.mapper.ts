import type { Order, OrderCounts, Page, Shipment } from '@facet/domain';
import type { OrderCountsPayload, OrderPagePayload, OrderPayload, ShipmentPayload } from '../contract/order.payload';
import { toAddress, toMoney } from './common.mapper';

function toShipment(payload: ShipmentPayload): Shipment {
  return {
    carrier: payload.carrier,
    trackingNumber: payload.trackingNumber,
    events: payload.events.map((event) => ({
      at: event.at,
      ...(typeof event.location === 'string' && { location: event.location }),
      description: event.description,
    })),
  };
}

export function toOrder(payload: OrderPayload): Order {
  return {
    id: payload.id,
    userId: payload.userId,
    status: payload.status,
    items: payload.items.map((item) => ({ productId: item.productId, quantity: item.quantity, unitPrice: toMoney(item.unitPrice) })),
    total: toMoney(payload.total),
    shippingAddress: toAddress(payload.shippingAddress),
    statusHistory: payload.statusHistory.map((change) => ({
      status: change.status,
      at: change.at,
      ...(typeof change.note === 'string' && { note: change.note }),
    })),
    ...(payload.shipment && { shipment: toShipment(payload.shipment) }),
    fulfilmentPartnerId: payload.fulfilmentPartnerId ?? null,
    createdAt: payload.createdAt,
    updatedAt: payload.updatedAt,
  };
}

export function toOrderPage(payload: OrderPagePayload): Page<Order> {
  return { items: payload.items.map(toOrder), nextCursor: payload.nextCursor ?? null, totalCount: payload.totalCount };
}

export function toOrderCounts(payload: OrderCountsPayload): OrderCounts {
  return {
    pending: payload.pending,
    paid: payload.paid,
    shipped: payload.shipped,
    delivered: payload.delivered,
    cancelled: payload.cancelled,
  };
}
