import type { BearerPrincipal } from '@facet/auth';
import type { Order } from '@facet/domain';
import { ForbiddenError, NotFoundError, RequestValidationError } from '@facet/platform';
import { seedOrders, seedProductById } from '@facet/sandbox';
import { IdempotencyRegistry } from './idempotency';
import { OrderStore } from './order.store';
import type { CreateOrderDto } from './orders.dto';
import { OrdersService } from './orders.service';

const principal = (subject: string, isUser: boolean): BearerPrincipal => ({
  subject,
  clientId: isUser ? 'facet-mobile' : subject,
  scopes: [],
  isUser,
  token: 't',
  claims: {},
});

const ada = principal('u_0001', true);
const grace = principal('u_0002', true);
const service = principal('facet-web-bff', false);
const adaOrder = (): CreateOrderDto => ({
  items: [
    { productId: 'p_0001', quantity: 2 },
    { productId: 'p_0002', quantity: 1 },
  ],
  shippingAddressId: 'u_0001_a1',
});

describe('OrdersService', () => {
  let store: OrderStore;
  let orders: OrdersService;

  beforeEach(() => {
    store = new OrderStore();
    orders = new OrdersService(store, new IdempotencyRegistry());
  });

  describe('partner filter', () => {
    const owner = seedProductById();
    const isPartners = (order: Order, partnerId: string): boolean =>
      order.fulfilmentPartnerId === partnerId || order.items.some((item) => owner.get(item.productId)?.partnerId === partnerId);

    it("lists exactly a partner's orders (its products or its fulfilment), newest first, with no gap or duplicate", () => {
      const expected = store
        .list()
        .filter((order) => order.status === 'shipped' && isPartners(order, 'initech'))
        .map((order) => order.id);
      expect(expected.length).toBeGreaterThan(50);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = orders.list(service, { partnerId: 'initech', status: 'shipped', limit: 17, cursor });
        seen.push(...page.items.map((order) => order.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(expected);
    });

    it('includes an order assigned for fulfilment even when it holds none of the partner’s products', () => {
      const assigned = seedOrders().find(
        (order) => order.fulfilmentPartnerId === 'acme' && order.items.every((item) => owner.get(item.productId)?.partnerId !== 'acme'),
      )!;
      expect(orders.get(service, assigned.id, 'acme').id).toBe(assigned.id);
      expect(orders.list(service, { partnerId: 'acme', limit: 100, offset: 0 }).totalCount).toBe(
        store.list().filter((order) => isPartners(order, 'acme')).length,
      );
    });

    it('lists only the orders a partner must ship with fulfilmentPartnerId, and only for a service', () => {
      const listed = orders.list(service, { fulfilmentPartnerId: 'globex', status: 'paid', limit: 100 });
      const expected = store.list().filter((order) => order.fulfilmentPartnerId === 'globex' && order.status === 'paid');
      expect(expected.length).toBeGreaterThan(5);
      expect(listed.items.map((order) => order.id)).toEqual(expected.slice(0, 100).map((order) => order.id));
      expect(listed.totalCount).toBe(expected.length);
      expect(() => orders.list(ada, { fulfilmentPartnerId: 'globex' })).toThrow(ForbiddenError);
    });

    it("answers another partner's order as not found, and refuses a user's token naming a partner", () => {
      const notAcmes = seedOrders().find((order) => !isPartners(order, 'acme'))!;
      expect(() => orders.get(service, notAcmes.id, 'acme')).toThrow(NotFoundError);
      const adas = orders.list(ada, {}).items[0];
      expect(() => orders.get(ada, adas.id, 'acme')).toThrow(ForbiddenError);
      expect(() => orders.list(ada, { partnerId: 'acme' })).toThrow(ForbiddenError);
    });

    it('filters by updatedSince, inclusively', () => {
      const pivot = seedOrders()[42];
      const listed = orders.list(service, { updatedSince: pivot.updatedAt, limit: 100 });
      expect(listed.totalCount).toBe(store.list().filter((order) => order.updatedAt >= pivot.updatedAt).length);
      expect(
        orders.list(service, { updatedSince: pivot.updatedAt, userId: pivot.userId, limit: 100 }).items.map((order) => order.id),
      ).toContain(pivot.id);
    });
  });

  it("shows a user only their own orders: another user's order is not found", () => {
    const adas = orders.list(ada, {});
    expect(adas.items.every((order) => order.userId === 'u_0001')).toBe(true);
    expect(orders.get(ada, adas.items[0].id).id).toBe(adas.items[0].id);
    expect(() => orders.get(grace, adas.items[0].id)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => orders.list(ada, { userId: 'u_0002' })).toThrow(expect.objectContaining({ status: 403 }));
    expect(orders.get(service, adas.items[0].id).userId).toBe('u_0001');
  });

  it('lists newest first, and a cursor keeps its place while new orders arrive', () => {
    const first = orders.list(ada, { limit: 10 });
    expect(first.items.map((order) => order.createdAt)).toEqual(
      first.items
        .map((order) => order.createdAt)
        .sort()
        .reverse(),
    );
    orders.create(ada, adaOrder());
    const second = orders.list(ada, { limit: 10, cursor: first.nextCursor! });
    const byOffset = orders.list(ada, { limit: 10, offset: 10 });
    expect(second.items[0].createdAt <= first.items[9].createdAt).toBe(true);
    expect(second.items.map((order) => order.id)).not.toContain(first.items[9].id);
    // An offset shifts by the new order; the cursor does not.
    expect(byOffset.items[0].id).toBe(first.items[9].id);
    expect(second.totalCount).toBe(first.totalCount + 1);
  });

  it('filters by status and counts per status', () => {
    const stats = orders.stats(ada, undefined);
    expect(stats.userId).toBe('u_0001');
    expect(Object.values(stats.counts).reduce((sum, count) => sum + count, 0)).toBe(stats.total);
    expect(orders.list(ada, { status: 'paid', limit: 100 }).totalCount).toBe(stats.counts.paid);
    expect(orders.stats(service, undefined)).toMatchObject({ userId: null, total: 5000 });
  });

  it('creates a pending order priced from the catalogue for the token user', () => {
    const { order, replayed } = orders.create(ada, adaOrder());
    expect(replayed).toBe(false);
    expect(order).toMatchObject({ id: 'o_05001', userId: 'u_0001', status: 'pending', shippingAddress: { id: 'u_0001_a1' } });
    expect(order.total.amount).toBe(order.items[0].unitPrice.amount * 2 + order.items[1].unitPrice.amount);
    expect(orders.list(ada, { limit: 1 }).items[0].id).toBe('o_05001');
  });

  it('names every unknown reference in one 400', () => {
    const body: CreateOrderDto = {
      items: [
        { productId: 'p_9999', quantity: 1 },
        { productId: 'p_0001', quantity: 1 },
        { productId: 'p_0001', quantity: 2 },
      ],
      shippingAddressId: 'u_0002_a1',
    };
    try {
      orders.create(ada, body);
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).fields.map((field) => field.field)).toEqual([
        'shippingAddressId',
        'items.0.productId',
        'items.2.productId',
      ]);
    }
    expect(() => orders.create(service, adaOrder())).toThrow(/userId is required/);
    expect(() => orders.create(ada, { ...adaOrder(), userId: 'u_0002' })).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('replays the same key and body, refuses the same key with another body, and keeps keys per caller', () => {
    const first = orders.create(ada, adaOrder(), 'key-1');
    const again = orders.create(ada, { shippingAddressId: 'u_0001_a1', items: adaOrder().items }, 'key-1');
    expect(again).toEqual({ order: first.order, replayed: true });
    expect(() => orders.create(ada, { ...adaOrder(), items: [{ productId: 'p_0003', quantity: 1 }] }, 'key-1')).toThrow(
      expect.objectContaining({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' }),
    );
    const forGrace = orders.create(grace, { ...adaOrder(), shippingAddressId: 'u_0002_a1' }, 'key-1');
    expect(forGrace.replayed).toBe(false);
    expect(orders.stats(service, undefined).total).toBe(5002);
  });

  it('cancels pending and paid orders only', () => {
    const { order } = orders.create(ada, adaOrder());
    const cancelled = orders.cancel(ada, order.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.statusHistory.map((change) => change.status)).toEqual(['pending', 'cancelled']);
    expect(orders.get(ada, order.id).status).toBe('cancelled');
    expect(() => orders.cancel(ada, order.id)).toThrow(expect.objectContaining({ status: 409, code: 'ORDER_NOT_CANCELLABLE' }));
    expect(() => orders.cancel(grace, order.id)).toThrow(expect.objectContaining({ status: 404 }));
  });
});
