import { Injectable } from '@nestjs/common';
import type { Order } from '@facet/domain';
import { padId, seedOrders } from '@facet/sandbox';

/** Where an order sits in the newest-first listing; also what a listing cursor holds. */
export interface OrderPosition {
  createdAt: string;
  id: string;
}

function orderNumber(id: string): number {
  return Number(id.slice(id.indexOf('_') + 1));
}

/** Newest first; orders placed at the same instant by id, highest first. Negative when `a` comes first. */
export function compareNewestFirst(a: OrderPosition, b: OrderPosition): number {
  return b.createdAt.localeCompare(a.createdAt) || orderNumber(b.id) - orderNumber(a.id);
}

/**
 * The orders, in memory: the seeded ones plus those created since start. Orders are immutable values (the
 * seed is shared): a change replaces the order. Every method is synchronous, so a request's check-then-write
 * cannot interleave with another request's.
 */
@Injectable()
export class OrderStore {
  private readonly byId = new Map<string, Order>();
  private readonly newestFirst: string[] = [];
  private readonly newestFirstByUser = new Map<string, string[]>();
  private lastNumber = 0;

  constructor() {
    for (const order of [...seedOrders()].sort(compareNewestFirst)) this.index(order, this.newestFirst.length);
    this.lastNumber = Math.max(0, ...[...this.byId.keys()].map(orderNumber));
  }

  get(id: string): Order | undefined {
    return this.byId.get(id);
  }

  /** Every order, or one user's, newest first. */
  list(userId?: string): Order[] {
    const ids = userId === undefined ? this.newestFirst : (this.newestFirstByUser.get(userId) ?? []);
    return ids.map((id) => this.byId.get(id)!);
  }

  insert(draft: Omit<Order, 'id'>): Order {
    const order: Order = { id: padId('o', ++this.lastNumber, 5), ...draft };
    const position = this.newestFirst.findIndex((id) => compareNewestFirst(order, this.byId.get(id)!) < 0);
    this.index(order, position < 0 ? this.newestFirst.length : position);
    return order;
  }

  /** Stores a changed order (same id, same creation time, so its place in the listings stays). */
  replace(order: Order): Order {
    if (!this.byId.has(order.id)) throw new Error(`order ${order.id} does not exist`);
    this.byId.set(order.id, order);
    return order;
  }

  private index(order: Order, position: number): void {
    this.byId.set(order.id, order);
    this.newestFirst.splice(position, 0, order.id);
    const own = this.newestFirstByUser.get(order.userId) ?? [];
    const ownPosition = own.findIndex((id) => compareNewestFirst(order, this.byId.get(id)!) < 0);
    own.splice(ownPosition < 0 ? own.length : ownPosition, 0, order.id);
    this.newestFirstByUser.set(order.userId, own);
  }
}
