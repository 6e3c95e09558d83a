import { randomUUID } from 'node:crypto';
import type { Order } from '@facet/domain';
import { startStack, testRedisUrl, type RunningStack } from '@facet/testing';
import type { OrderDetailView } from '../../apps/mobile-bff/src/orders/orders.view';
import { type MobileAnswer, groundTruthToken, mobileCall, phoneToken } from './mobile-api';

/**
 * Idempotent writes of mobile-bff against the real stack, with the records in a real Redis (as replicas share
 * them): a retried create or cancel never acts twice, also when the retry races the first request, and also after
 * the BFF restarts.
 */

interface ErrorBody {
  error: { status: number; code: string; message: string; details?: { fields?: { field: string; problems: string[] }[] } };
}

describe('mobile-bff: idempotent orders and cancels, records shared in Redis', () => {
  let stack: RunningStack;
  let mobile: string;
  let grace: string;
  let serviceToken: string;
  let newOrder: { items: { productId: string; quantity: number }[]; shippingAddressId: string };

  const post = <T>(path: string, body: unknown, key?: string): Promise<MobileAnswer<T>> =>
    mobileCall<T>(mobile, path, { token: grace, method: 'POST', body, headers: key === undefined ? {} : { 'idempotency-key': key } });

  async function gracesOrderCount(): Promise<number> {
    const res = await fetch(`${stack.urls['order-service']}/orders?userId=u_0002&limit=1`, {
      headers: { authorization: `Bearer ${serviceToken}` },
    });
    return ((await res.json()) as { totalCount: number }).totalCount;
  }

  async function backendOrder(id: string): Promise<Order> {
    const res = await fetch(`${stack.urls['order-service']}/orders/${id}`, { headers: { authorization: `Bearer ${serviceToken}` } });
    return (await res.json()) as Order;
  }

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'mobile-bff'],
      env: {
        'mobile-bff': { STATE_STORE: 'redis', REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: `facet:mobile-bff:${randomUUID()}:` },
      },
    });
    mobile = stack.urls['mobile-bff'];
    grace = await phoneToken(stack.urls['dev-idp'], 'grace@example.test');
    serviceToken = await groundTruthToken(stack.urls['dev-idp']);
    const user = (await (
      await fetch(`${stack.urls['user-service']}/users/u_0002`, { headers: { authorization: `Bearer ${serviceToken}` } })
    ).json()) as { addresses: { id: string }[] };
    const products = (await (
      await fetch(`${stack.urls['product-service']}/products?limit=20`, { headers: { authorization: `Bearer ${serviceToken}` } })
    ).json()) as { items: { id: string; stock: number }[] };
    const inStock = products.items.find((product) => product.stock > 10) as { id: string };
    newOrder = { items: [{ productId: inStock.id, quantity: 1 }], shippingAddressId: user.addresses[0].id };
  });

  afterAll(() => stack?.stop());

  it('requires an Idempotency-Key on every write, and validates the body', async () => {
    const missing = await post<ErrorBody>('/v1/orders', newOrder);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details?.fields?.[0].field).toBe('Idempotency-Key');
    expect((await post<ErrorBody>('/v1/orders', newOrder, 'has space')).status).toBe(400);
    expect((await post<ErrorBody>('/v1/orders/o_00001/cancel', {})).status).toBe(400);
    const invalid = await post<ErrorBody>('/v1/orders', { items: [], shippingAddressId: 'x' }, randomUUID());
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('creates one order per key: the same key replays the first answer, another body under it is 422', async () => {
    const key = randomUUID();
    const before = await gracesOrderCount();
    const first = await post<OrderDetailView>('/v1/orders', newOrder, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'pending', canCancel: true });
    const retry = await post<OrderDetailView>('/v1/orders', newOrder, key);
    // The first answer again, its status included.
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    const other = await post<ErrorBody>('/v1/orders', { ...newOrder, items: [{ ...newOrder.items[0], quantity: 2 }] }, key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await gracesOrderCount()).toBe(before + 1);
  });

  it('makes one order when retries race the first request', async () => {
    const key = randomUUID();
    const before = await gracesOrderCount();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post<OrderDetailView>('/v1/orders', newOrder, key)));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await gracesOrderCount()).toBe(before + 1);
  });

  it('cancels once per key: a retry replays the answer, the order service sees one cancel', async () => {
    const created = await post<OrderDetailView>('/v1/orders', newOrder, randomUUID());
    const key = randomUUID();
    const first = await post<OrderDetailView>(`/v1/orders/${created.body.id}/cancel`, {}, key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: created.body.id, status: 'cancelled', canCancel: false });
    const retry = await post<OrderDetailView>(`/v1/orders/${created.body.id}/cancel`, {}, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    // A second cancel under a new key reaches the order service, which has nothing left to cancel.
    expect((await post<ErrorBody>(`/v1/orders/${created.body.id}/cancel`, {}, randomUUID())).status).toBe(409);
    // The same key for another order is a different request.
    const otherOrder = await post<OrderDetailView>('/v1/orders', newOrder, randomUUID());
    expect((await post<ErrorBody>(`/v1/orders/${otherOrder.body.id}/cancel`, {}, key)).status).toBe(422);
    expect((await backendOrder(otherOrder.body.id)).status).toBe('pending');
  });

  it("answers a cancel of another user's order with 404, and cancels nothing", async () => {
    const res = await fetch(`${stack.urls['order-service']}/orders?userId=u_0001&status=pending&limit=1`, {
      headers: { authorization: `Bearer ${serviceToken}` },
    });
    const [adas] = ((await res.json()) as { items: Order[] }).items;
    expect((await post<ErrorBody>(`/v1/orders/${adas.id}/cancel`, {}, randomUUID())).status).toBe(404);
    expect((await backendOrder(adas.id)).status).toBe('pending');
  });

  it('keeps its records in Redis: a retry after the BFF restarts still replays', async () => {
    const key = randomUUID();
    const first = await post<OrderDetailView>('/v1/orders', newOrder, key);
    expect(first.status).toBe(201);
    await stack.stopApp('mobile-bff');
    await stack.startApp('mobile-bff');
    const retry = await post<OrderDetailView>('/v1/orders', newOrder, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
  });
});
