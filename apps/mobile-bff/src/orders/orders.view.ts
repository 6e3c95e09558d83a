import {
  CANCELLABLE_STATUSES,
  type Money,
  type Order,
  type OrderStatus,
  type Product,
  itemCountOf,
  lineTotalOf,
  pickImage,
  thumbnailUrlOf,
} from '@facet/domain';
import type { DegradedPart } from '@facet/downstream';
import { PHONE_IMAGE_MIN_WIDTH } from '../screen';

/** One row of the order list (and of home's recent orders): what a phone shows, nothing else. */
export interface OrderRowView {
  id: string;
  status: OrderStatus;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** Integer minor units plus currency: the app formats it in the phone's own locale. */
  total: Money;
  itemCount: number;
  /** The first line's product thumbnail; null when its product could not be fetched. */
  thumbnailUrl: string | null;
}

export const ORDER_ROW_FIELDS = [
  'id',
  'status',
  'createdAt',
  'total',
  'itemCount',
  'thumbnailUrl',
] as const satisfies readonly (keyof OrderRowView)[];

export interface OrderListView {
  items: Partial<OrderRowView>[];
  /** Opaque and signed: pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Only when a part could not be fetched (see `DegradedPart`). */
  degraded?: DegradedPart[];
}

export interface OrderLineView {
  productId: string;
  /** Null when the product could not be fetched. */
  name: string | null;
  /** A phone-sized image. */
  imageUrl: string | null;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface OrderDetailView {
  id: string;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
  total: Money;
  itemCount: number;
  canCancel: boolean;
  items: OrderLineView[];
  /** The shipping address in one line, as a phone shows it. */
  shipTo: string;
  tracking: { carrier: string; trackingNumber: string } | null;
  degraded?: DegradedPart[];
}

export const ORDER_DETAIL_FIELDS = [
  'id',
  'status',
  'createdAt',
  'updatedAt',
  'total',
  'itemCount',
  'canCancel',
  'items',
  'shipTo',
  'tracking',
] as const satisfies readonly (keyof OrderDetailView)[];

/** The first line's product of each order, each once: a row shows one thumbnail. */
export function firstProductIds(orders: readonly Order[]): string[] {
  return [...new Set(orders.flatMap((order) => order.items.slice(0, 1).map((item) => item.productId)))];
}

export function toOrderRowView(order: Order, products: ReadonlyMap<string, Product>): OrderRowView {
  const first = order.items[0] && products.get(order.items[0].productId);
  return {
    id: order.id,
    status: order.status,
    createdAt: order.createdAt,
    total: { amount: order.total.amount, currency: order.total.currency },
    itemCount: itemCountOf(order),
    thumbnailUrl: first ? thumbnailUrlOf(first) : null,
  };
}

export function toOrderDetailView(order: Order, products: ReadonlyMap<string, Product>): OrderDetailView {
  const { shippingAddress: address, shipment } = order;
  return {
    id: order.id,
    status: order.status,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    total: { amount: order.total.amount, currency: order.total.currency },
    itemCount: itemCountOf(order),
    canCancel: CANCELLABLE_STATUSES.includes(order.status),
    items: order.items.map((item) => {
      const product = products.get(item.productId);
      return {
        productId: item.productId,
        name: product?.name ?? null,
        imageUrl: product ? (pickImage(product, PHONE_IMAGE_MIN_WIDTH)?.url ?? null) : null,
        quantity: item.quantity,
        unitPrice: { amount: item.unitPrice.amount, currency: item.unitPrice.currency },
        lineTotal: lineTotalOf(item),
      };
    }),
    shipTo: [address.line1, address.city, address.postalCode, address.country].join(', '),
    tracking: shipment ? { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber } : null,
  };
}
