import { randomUUID } from 'node:crypto';
import { type RunningStack, startReplica, startStack, testRedisClusterUrl } from '@facet/testing';
import type { CheckoutView } from '../../apps/mobile-bff/src/checkout/checkout.view';
import type { OrderListView } from '../../apps/mobile-bff/src/orders/orders.view';
import { type MobileAnswer, mobileCall, phoneToken } from './mobile-api';

interface Created {
  id: string;
}

/**
 * Two mobile-bff replicas on one Redis Cluster (three masters, the run's: see test/run-setup.ts), as behind a load balancer that sends a phone's requests anywhere. What needs no shared
 * store holds by construction and is checked here all the same: a page's cursor from one replica reads the next page
 * on the other (one signing secret), a screen's ETag from one is a 304 on the other (a hash of the content). What
 * needs Redis (STATE_STORE=redis): an order create retried or raced on the other replica makes one order.
 */
describe('mobile-bff: two replicas, one Redis Cluster', () => {
  let stack: RunningStack;
  let second: RunningStack;
  let a: string;
  let b: string;
  let grace: string;

  beforeAll(async () => {
    const shared = {
      STATE_STORE: 'redis',
      PRODUCT_CACHE_STORE: 'redis',
      REDIS_URL: testRedisClusterUrl(),
      REDIS_KEY_PREFIX: `facet-test:mobile-replicas:${randomUUID()}:`,
    };
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'mobile-bff'],
      env: { 'mobile-bff': shared },
    });
    second = await startReplica(stack, 'mobile-bff', shared);
    a = stack.urls['mobile-bff'];
    b = second.urls['mobile-bff'];
    grace = await phoneToken(stack.urls['dev-idp'], 'grace@example.test');
  });

  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
  });

  const call = <T>(
    url: string,
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<MobileAnswer<T>> => mobileCall<T>(url, path, { token: grace, ...init });

  it("walks the order list across replicas: each page's cursor reads on the other, and the walk equals one replica's", async () => {
    const walk = async (pick: (page: number) => string): Promise<string[]> => {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 4; page++) {
        const answer: MobileAnswer<OrderListView> = await call<OrderListView>(
          pick(page),
          `/v1/orders?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(answer.status).toBe(200);
        ids.push(...answer.body.items.map((item) => String(item.id)));
        cursor = answer.body.nextCursor;
        if (!cursor) break;
      }
      return ids;
    };
    const alternating = await walk((page) => (page % 2 === 0 ? a : b));
    expect(alternating.length).toBeGreaterThan(3);
    expect(alternating).toEqual(await walk(() => a));
  });

  it("answers a screen's ETag from one replica with 304 on the other", async () => {
    for (const path of ['/v1/home', '/v1/orders?limit=5', '/v1/products?limit=5']) {
      const first = await call(a, path);
      const etag = first.headers.get('etag');
      expect({ path, etag }).toEqual({ path, etag: expect.stringMatching(/^W\/"[\w-]+"$/) });
      const again = await call(b, path, { headers: { 'if-none-match': etag as string } });
      expect({ path, status: again.status, text: again.text }).toEqual({ path, status: 304, text: '' });
    }
  });

  it('makes one order for a create retried on the other replica, and for the same create racing on both', async () => {
    const checkout = await call<CheckoutView>(a, '/v1/checkout?items=p_0007:1');
    expect(checkout.status).toBe(200);
    const shippingAddressId = checkout.body.defaultShippingAddressId;
    const body = { items: [{ productId: 'p_0007', quantity: 1 }], shippingAddressId };
    const create = (url: string, key: string) =>
      call<Created>(url, '/v1/orders', { method: 'POST', body, headers: { 'idempotency-key': key } });

    const retried = `replicas-${randomUUID()}`;
    const first = await create(a, retried);
    const again = await create(b, retried);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);

    const raced = `replicas-${randomUUID()}`;
    const answers = await Promise.all([create(a, raced), create(b, raced), create(a, raced), create(b, raced)]);
    const made = answers.filter((answer) => answer.status === 201);
    expect(made.length).toBeGreaterThan(0);
    // A retry that arrives while the first is still running is told so (409), never given a second order.
    expect(answers.filter((answer) => answer.status !== 201).map((answer) => answer.status)).toEqual(
      Array(answers.length - made.length).fill(409),
    );
    expect(new Set(made.map((answer) => answer.body.id)).size).toBe(1);
  });
});
