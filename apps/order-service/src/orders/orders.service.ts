import { Injectable } from '@nestjs/common';
import type { BearerPrincipal } from '@facet/auth';
import { CANCELLABLE_STATUSES, ORDER_STATUSES, type Order, type OrderCounts, type OrderItem, type Page } from '@facet/domain';
import { ConflictError, ForbiddenError, NotFoundError, RequestValidationError, type FieldProblem } from '@facet/platform';
import { CATALOGUE_CURRENCY, DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor, seedProductById, seedUserById } from '@facet/sandbox';
import { IdempotencyRegistry } from './idempotency';
import { compareNewestFirst, OrderStore, type OrderPosition } from './order.store';
import type { CreateOrderDto, ListOrdersQueryDto } from './orders.dto';

export interface OrderStats {
  /** `null` when a service asked about every user. */
  userId: string | null;
  counts: OrderCounts;
  total: number;
}

export interface CreatedOrder {
  order: Order;
  /** An earlier request with the same idempotency key created it. */
  replayed: boolean;
}

function isOrderPosition(value: unknown): value is OrderPosition {
  const position = value as OrderPosition | null;
  return typeof position === 'object' && position !== null && typeof position.createdAt === 'string' && typeof position.id === 'string';
}

/** The request fields that make two creations "the same": key order and defaults do not matter. */
function fingerprintOf(userId: string, body: CreateOrderDto): string {
  return JSON.stringify([userId, body.shippingAddressId, body.items.map((item) => [item.productId, item.quantity])]);
}

/**
 * Orders and who may see them: a user's token sees and creates only that user's orders (another user's order
 * is a 404, never a 403, so ids cannot be probed); a service token sees every order.
 */
@Injectable()
export class OrdersService {
  private readonly products = seedProductById();
  private readonly users = seedUserById();

  constructor(
    private readonly store: OrderStore,
    private readonly idempotency: IdempotencyRegistry,
  ) {}

  /** With `partnerId` (a service narrowing to one partner), an order that is not that partner's is not found either. */
  get(caller: BearerPrincipal, id: string, partnerId?: string): Order {
    this.partnerFilterAllowed(caller, partnerId);
    const order = this.store.get(id);
    if (!order || (caller.isUser && order.userId !== caller.subject)) throw new NotFoundError('Order', id);
    if (partnerId !== undefined && !this.isPartnersOrder(order, partnerId)) throw new NotFoundError('Order', id);
    return order;
  }

  list(caller: BearerPrincipal, query: ListOrdersQueryDto): Page<Order> {
    const userId = this.ownerFor(caller, query.userId, 'list');
    this.partnerFilterAllowed(caller, query.partnerId);
    this.partnerFilterAllowed(caller, query.fulfilmentPartnerId);
    const { status, partnerId, fulfilmentPartnerId, updatedSince, cursor, offset = 0, limit = DEFAULT_PAGE_SIZE } = query;
    const since = updatedSince === undefined ? undefined : Date.parse(updatedSince);
    const matches = this.store
      .list(userId)
      .filter(
        (order) =>
          (status === undefined || order.status === status) &&
          (partnerId === undefined || this.isPartnersOrder(order, partnerId)) &&
          (fulfilmentPartnerId === undefined || order.fulfilmentPartnerId === fulfilmentPartnerId) &&
          (since === undefined || Date.parse(order.updatedAt) >= since),
      );
    let start = offset;
    if (cursor !== undefined) {
      const after = decodeCursor(cursor, isOrderPosition);
      start = matches.findIndex((order) => compareNewestFirst(order, after) > 0);
      if (start < 0) start = matches.length;
    }
    const items = matches.slice(start, start + limit);
    const last = items[items.length - 1];
    const nextCursor =
      last && start + limit < matches.length ? encodeCursor({ createdAt: last.createdAt, id: last.id } satisfies OrderPosition) : null;
    return { items, nextCursor, totalCount: matches.length };
  }

  stats(caller: BearerPrincipal, requestedUserId: string | undefined): OrderStats {
    const userId = this.ownerFor(caller, requestedUserId, 'count');
    const counts = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as OrderCounts;
    const orders = this.store.list(userId);
    for (const order of orders) counts[order.status]++;
    return { userId: userId ?? null, counts, total: orders.length };
  }

  create(caller: BearerPrincipal, body: CreateOrderDto, idempotencyKey?: string): CreatedOrder {
    const userId = this.ownerFor(caller, body.userId, 'create');
    if (userId === undefined) {
      throw new RequestValidationError([{ field: 'userId', problems: ['userId is required with a service token'] }]);
    }
    // Everything below is synchronous: two concurrent requests with one key cannot both create an order.
    const fingerprint = fingerprintOf(userId, body);
    const replayId = idempotencyKey === undefined ? undefined : this.idempotency.replayOf(caller.subject, idempotencyKey, fingerprint);
    if (replayId !== undefined) return { order: this.store.get(replayId)!, replayed: true };

    const { items, total, shippingAddress } = this.resolve(userId, body);
    const now = new Date().toISOString();
    const order = this.store.insert({
      userId,
      status: 'pending',
      items,
      total,
      shippingAddress,
      statusHistory: [{ status: 'pending', at: now }],
      fulfilmentPartnerId: null,
      createdAt: now,
      updatedAt: now,
    });
    if (idempotencyKey !== undefined) this.idempotency.remember(caller.subject, idempotencyKey, fingerprint, order.id);
    return { order, replayed: false };
  }

  cancel(caller: BearerPrincipal, id: string): Order {
    const order = this.get(caller, id);
    if (!CANCELLABLE_STATUSES.includes(order.status)) {
      throw new ConflictError('ORDER_NOT_CANCELLABLE', `Order ${id} is ${order.status} and can no longer be cancelled`, {
        status: order.status,
      });
    }
    const now = new Date().toISOString();
    return this.store.replace({
      ...order,
      status: 'cancelled',
      statusHistory: [
        ...order.statusHistory,
        { status: 'cancelled', at: now, note: caller.isUser ? 'Cancelled by customer' : `Cancelled by ${caller.clientId}` },
      ],
      updatedAt: now,
    });
  }

  /** A partner's order holds one of its products or is assigned to it for fulfilment. */
  private isPartnersOrder(order: Order, partnerId: string): boolean {
    return (
      order.fulfilmentPartnerId === partnerId || order.items.some((item) => this.products.get(item.productId)?.partnerId === partnerId)
    );
  }

  /**
   * Narrowing to a partner is for services (the partner BFF), which see every order anyway: it never widens what a
   * token sees. A user's token has no business naming a partner.
   */
  private partnerFilterAllowed(caller: BearerPrincipal, partnerId: string | undefined): void {
    if (partnerId !== undefined && caller.isUser) throw new ForbiddenError("A user's token may not filter orders by partner");
  }

  /** Whose orders a request is about: a user's token is about its user only; a service may name anyone, or no one (all). */
  private ownerFor(caller: BearerPrincipal, requested: string | undefined, action: string): string | undefined {
    if (!caller.isUser) return requested;
    if (requested !== undefined && requested !== caller.subject) {
      throw new ForbiddenError(`A user's token may only ${action} that user's own orders`);
    }
    return caller.subject;
  }

  /** Prices from the catalogue and the address from the user's profile; every unknown reference is a 400 naming its field. */
  private resolve(userId: string, body: CreateOrderDto): Pick<Order, 'items' | 'total' | 'shippingAddress'> {
    const problems: FieldProblem[] = [];
    const user = this.users.get(userId);
    const address = user?.addresses.find((candidate) => candidate.id === body.shippingAddressId);
    if (!user) problems.push({ field: 'userId', problems: [`user ${userId} does not exist`] });
    else if (!address) problems.push({ field: 'shippingAddressId', problems: [`user ${userId} has no address ${body.shippingAddressId}`] });
    const seen = new Set<string>();
    const items: OrderItem[] = [];
    body.items.forEach(({ productId, quantity }, index) => {
      const product = this.products.get(productId);
      if (!product) problems.push({ field: `items.${index}.productId`, problems: [`product ${productId} does not exist`] });
      else if (seen.has(productId))
        problems.push({ field: `items.${index}.productId`, problems: [`product ${productId} is already in an earlier line`] });
      else items.push({ productId, quantity, unitPrice: { ...product.price } });
      seen.add(productId);
    });
    if (problems.length > 0 || !address) throw new RequestValidationError(problems);
    const total = { amount: items.reduce((sum, item) => sum + item.unitPrice.amount * item.quantity, 0), currency: CATALOGUE_CURRENCY };
    return { items, total, shippingAddress: { ...address } };
  }
}
