import type { Money } from './money';
import type { Address } from './user';

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Orders in these states can still be cancelled. */
export const CANCELLABLE_STATUSES: readonly OrderStatus[] = ['pending', 'paid'];

export interface OrderItem {
  productId: string;
  quantity: number;
  unitPrice: Money;
}

export interface StatusChange {
  status: OrderStatus;
  at: string;
  note?: string;
}

export interface ShipmentEvent {
  at: string;
  location?: string;
  description: string;
}

export interface Shipment {
  carrier: string;
  trackingNumber: string;
  events: ShipmentEvent[];
}

export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  items: OrderItem[];
  total: Money;
  shippingAddress: Address;
  statusHistory: StatusChange[];
  shipment?: Shipment;
  /** The partner that ships it, or `null` when Facet ships it itself. */
  fulfilmentPartnerId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type OrderCounts = Record<OrderStatus, number>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  totalCount: number;
}
