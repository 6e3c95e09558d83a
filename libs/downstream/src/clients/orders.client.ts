import type { Order, OrderCounts, OrderStatus, Page } from '@facet/domain';
import { NotFoundError, parseIdempotencyKey } from '@facet/platform';
import { Inject, Injectable } from '@nestjs/common';
import { payloadDecoder } from '../contract/decode';
import { OrderPagePayload, OrderPayload, OrderStatsPayload } from '../contract/order.payload';
import { DownstreamRuntime } from '../downstream.runtime';
import { toOrder, toOrderCounts, toOrderPage } from '../mapping/order.mapper';
import type { CallOptions } from './call-options';

const decodeOrder = payloadDecoder(OrderPayload);
const decodePage = payloadDecoder(OrderPagePayload);
const decodeStats = payloadDecoder(OrderStatsPayload);

export interface OrderListQuery {
  /** With a user token the backend defaults it to, and requires it to be, the token's user. */
  userId?: string;
  status?: OrderStatus;
  /** Orders holding this partner's products or assigned to it for fulfilment (service identity only). */
  partnerId?: string;
  /** Only orders assigned to this partner for fulfilment (service identity only). */
  fulfilmentPartnerId?: string;
  /** Only orders changed at or after this ISO-8601 UTC time. */
  updatedSince?: string;
  /** Opaque, from a previous page's `nextCursor`; or use `offset` for page-numbered UIs (not both). */
  cursor?: string;
  offset?: number;
  /** 1–100, default 20. */
  limit?: number;
}

/** A carrier's tracking event for an order, optionally moving it to shipped or delivered. */
export interface ShipmentEventInput {
  carrier: string;
  trackingNumber?: string;
  event: { description: string; location?: string };
  status?: 'shipped' | 'delivered';
}

export interface CreateOrderInput {
  userId: string;
  items: { productId: string; quantity: number }[];
  shippingAddressId: string;
}

export interface CreateOrderOptions extends CallOptions {
  /**
   * Makes a retried submission safe: the same key and body return the first order instead of a second
   * one. Writes are never retried by this library, so the key is how a user's own retry stays harmless.
   */
  idempotencyKey?: string;
}

export interface CreatedOrder {
  order: Order;
  /** True when the key had been used before and the first order was returned (nothing was created). */
  replayed: boolean;
}

/** The order service. Reads are retried on transient failures; `create` and `cancel` are sent at most once. */
@Injectable()
export class OrdersClient {
  constructor(@Inject(DownstreamRuntime) private readonly runtime: DownstreamRuntime) {}

  async list(query: OrderListQuery = {}, options: CallOptions = {}): Promise<Page<Order>> {
    const { body } = await this.runtime.services.orders.send(
      { method: 'GET', route: 'GET /orders', path: '/orders', query: { ...query }, identity: options.identity },
      decodePage,
    );
    return toOrderPage(body);
  }

  async get(id: string, options: CallOptions = {}): Promise<Order> {
    const { body } = await this.runtime.services.orders.send(
      { method: 'GET', route: 'GET /orders/:id', path: `/orders/${encodeURIComponent(id)}`, identity: options.identity },
      decodeOrder,
    );
    return toOrder(body);
  }

  /** `userId`'s order; another user's is "not found", exactly like one that does not exist, so ids cannot be probed. */
  async getOwned(userId: string, id: string, options: CallOptions = {}): Promise<Order> {
    const order = await this.get(id, options);
    if (order.userId !== userId) throw new NotFoundError('Order', id);
    return order;
  }

  /** An order of `partnerId`'s (its products, or assigned to it); any other order is "not found", exactly like one that does not exist. */
  async getForPartner(partnerId: string, id: string, options: CallOptions = {}): Promise<Order> {
    const { body } = await this.runtime.services.orders.send(
      {
        method: 'GET',
        route: 'GET /orders/:id',
        path: `/orders/${encodeURIComponent(id)}`,
        query: { partnerId },
        identity: options.identity,
      },
      decodeOrder,
    );
    return toOrder(body);
  }

  /** Records a shipment event (service identity only); sent at most once, like every write. */
  async addShipmentEvent(id: string, input: ShipmentEventInput, options: CallOptions = {}): Promise<Order> {
    const { body } = await this.runtime.services.orders.send(
      {
        method: 'POST',
        route: 'POST /orders/:id/shipments',
        path: `/orders/${encodeURIComponent(id)}/shipments`,
        body: input,
        identity: options.identity,
      },
      decodeOrder,
    );
    return toOrder(body);
  }

  async stats(userId: string, options: CallOptions = {}): Promise<OrderCounts> {
    const { body } = await this.runtime.services.orders.send(
      { method: 'GET', route: 'GET /orders/stats', path: '/orders/stats', query: { userId }, identity: options.identity },
      decodeStats,
    );
    return toOrderCounts(body.counts);
  }

  async create(input: CreateOrderInput, options: CreateOrderOptions = {}): Promise<CreatedOrder> {
    // The same check as at the BFF's door: a caller that skipped it still never sends a malformed key.
    const idempotencyKey = parseIdempotencyKey(options.idempotencyKey);
    const response = await this.runtime.services.orders.send(
      {
        method: 'POST',
        route: 'POST /orders',
        path: '/orders',
        body: input,
        headers: idempotencyKey === undefined ? undefined : { 'idempotency-key': idempotencyKey },
        identity: options.identity,
      },
      decodeOrder,
    );
    return { order: toOrder(response.body), replayed: response.header('idempotent-replayed') === 'true' };
  }

  async cancel(id: string, options: CallOptions = {}): Promise<Order> {
    const { body } = await this.runtime.services.orders.send(
      { method: 'POST', route: 'POST /orders/:id/cancel', path: `/orders/${encodeURIComponent(id)}/cancel`, identity: options.identity },
      decodeOrder,
    );
    return toOrder(body);
  }
}
