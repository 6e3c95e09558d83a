import { DOWNSTREAM_TRANSPORTS, DownstreamError } from '@facet/downstream';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { type RunningStack, loginWithPassword, startStack } from '@facet/testing';
import { BACKEND_SCOPES, type Downstream, WEB_BFF_CLIENT, createDownstream, sandbox, stackOptions } from './downstream-harness';

/**
 * The downstream library against the real reference services over real HTTP, with their fault injection and
 * request counting (`/__admin/stats`) as the witness of what reached the network.
 */
describe('downstream clients against the reference services', () => {
  let stack: RunningStack;
  let adaToken: string;
  let graceToken: string;
  const open: Downstream[] = [];
  const build = async (overrides: Parameters<typeof stackOptions>[1] = {}) => {
    const created = await createDownstream(stackOptions(stack, overrides));
    open.push(created);
    return created;
  };
  const products = () => sandbox(stack, 'product-service');
  const orders = () => sandbox(stack, 'order-service');
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `p_${String(i + 1).padStart(4, '0')}`);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const login = async (email: string) =>
    (
      await loginWithPassword({
        issuer: stack.urls['dev-idp'],
        ...WEB_BFF_CLIENT,
        redirectUri: `${stack.urls['web-bff']}/auth/callback`,
        scope: `openid ${BACKEND_SCOPES}`,
        email,
        password: DEV_USER_PASSWORD,
      })
    ).access_token;

  beforeAll(async () => {
    stack = await startStack({ apps: ['dev-idp', 'user-service', 'product-service', 'order-service'] });
    [adaToken, graceToken] = await Promise.all([login('ada@example.test'), login('grace@example.test')]);
  });

  afterAll(async () => {
    await Promise.all(open.map((d) => d.close()));
    await stack?.stop();
  });

  beforeEach(async () => {
    await Promise.all([products(), orders()].flatMap((service) => [service.clearFaults(), service.resetStats()]));
  });

  // The same suite on either transport: the one setting changes the HTTP client, nothing a caller sees.
  describe.each(DOWNSTREAM_TRANSPORTS)('over %s', (transport) => {
    const downstream = (overrides: Parameters<typeof stackOptions>[1] = {}) => build({ transport, ...overrides });

    describe('batching and coalescing', () => {
      it('turns 40 getProduct calls in one request into exactly one batch request', async () => {
        const { products: client, inRequest } = await downstream();
        const wanted = ids(40);
        const found = await inRequest(() => Promise.all([...wanted, ...wanted.slice(0, 10)].map((id) => client.getProduct(id))));
        expect(found.map((p) => p.id)).toEqual([...wanted, ...wanted.slice(0, 10)]);
        expect(found[0]).toMatchObject({
          id: 'p_0001',
          name: expect.any(String),
          price: { amount: expect.any(Number), currency: expect.any(String) },
        });
        expect(await products().count('GET /products')).toBe(1);
      });

      it('makes one downstream call for 100 concurrent identical requests', async () => {
        const { products: client, inRequest } = await downstream();
        await products().faults({ latencyMs: 50 });
        const found = await Promise.all(Array.from({ length: 100 }, () => inRequest(() => client.getProduct('p_0042'))));
        expect(new Set(found.map((p) => p.id))).toEqual(new Set(['p_0042']));
        expect(await products().count('GET /products')).toBe(1);
      });

      it('never hands one user’s response to another: identical requests coalesce per credential', async () => {
        const { orders: client, inRequest } = await downstream({ defaultIdentity: 'user' });
        await orders().faults({ latencyMs: 50 });
        const pages = await Promise.all(
          Array.from({ length: 20 }, (_, i) => inRequest(() => client.list({ limit: 5 }), i % 2 === 0 ? adaToken : graceToken)),
        );
        expect(await orders().count('GET /orders')).toBe(2);
        // A set of owners, so an empty page fails too.
        pages.forEach((page, i) =>
          expect(new Set(page.items.map((order) => order.userId))).toEqual(new Set([i % 2 === 0 ? 'u_0001' : 'u_0002'])),
        );
      });
    });

    describe('resilience', () => {
      it('fails a call to a hanging service within its timeout', async () => {
        const { products: client } = await downstream({
          resilience: { timeoutMs: 300, totalTimeoutMs: 700, retry: { maxAttempts: 2, initialDelayMs: 10 } },
        });
        await products().faults({ hang: true });
        const error = await client.getProduct('p_0001').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DownstreamError);
        expect(error).toMatchObject({ service: 'products', kind: 'timeout', status: 504, code: 'DOWNSTREAM_TIMEOUT' });
        // The hang was still on, so the client cut the calls off itself; two calls arrived, so the per-attempt timeout
        // ended the first one (the 700 ms total alone would have left no time for a retry).
        expect(await products().currentFaults()).toMatchObject({ hang: true });
        expect(await products().count('GET /products')).toBe(2);
      });

      it('opens the circuit after N failures, fails fast without the network, and closes after the probe interval', async () => {
        const halfOpenAfterMs = 1000;
        const { products: client } = await downstream({
          resilience: { retry: { maxAttempts: 1 }, circuitBreaker: { consecutiveFailures: 3, halfOpenAfterMs } },
        });
        await products().faults({ errorRate: 1 });
        for (let i = 0; i < 3; i++) await expect(client.getProduct('p_0001')).rejects.toMatchObject({ kind: 'http-5xx', status: 503 });
        const openedAt = performance.now();
        expect(await products().count('GET /products')).toBe(3);

        for (let i = 0; i < 20; i++) {
          await expect(client.getProduct(`p_00${10 + i}`)).rejects.toMatchObject({
            kind: 'circuit-open',
            status: 503,
            code: 'DOWNSTREAM_CIRCUIT_OPEN',
          });
        }
        // Failing fast means without the network: not one of the 20 calls reached the service.
        expect(await products().count('GET /products')).toBe(3);

        // The service recovers; until the probe interval is over the circuit still fails fast.
        await products().clearFaults();
        await expect(client.getProduct('p_0001')).rejects.toMatchObject({ kind: 'circuit-open' });
        await sleep(openedAt + halfOpenAfterMs + 50 - performance.now());
        await expect(client.getProduct('p_0001')).resolves.toMatchObject({ id: 'p_0001' });
        await expect(client.getProduct('p_0002')).resolves.toMatchObject({ id: 'p_0002' });
        expect(await products().count('GET /products')).toBe(5);
      });

      it('retries reads but never writes', async () => {
        const { orders: client, users } = await downstream({ resilience: { retry: { maxAttempts: 3, initialDelayMs: 10 } } });
        const ada = await users.getUser('u_0001');
        await orders().faults({ errorRate: 1 });
        await expect(
          client.create(
            { userId: 'u_0001', items: [{ productId: 'p_0001', quantity: 1 }], shippingAddressId: ada.addresses[0].id },
            { identity: { accessToken: adaToken } },
          ),
        ).rejects.toMatchObject({ kind: 'http-5xx', status: 503, code: 'DOWNSTREAM_UNAVAILABLE' });
        expect(await orders().count('POST /orders')).toBe(1);
        await expect(client.get('o_00001')).rejects.toMatchObject({ kind: 'http-5xx' });
        expect(await orders().count('GET /orders/:id')).toBe(3);
      });
    });

    describe('answers passed on faithfully', () => {
      let client: Downstream;
      beforeAll(async () => (client = await downstream()));

      it('maps real payloads to domain models', async () => {
        const ada = await client.users.getUser('u_0001');
        expect(ada).toMatchObject({
          id: 'u_0001',
          email: 'ada@example.test',
          givenName: expect.any(String),
          loyaltyTier: expect.any(String),
        });
        expect(ada).not.toHaveProperty('name');
        const page = await client.orders.list({ userId: 'u_0001', limit: 5 });
        expect(page.items.length).toBeGreaterThan(0);
        expect(page.items.every((order) => order.userId === 'u_0001')).toBe(true);
        const counts = await client.orders.stats('u_0001');
        expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(page.totalCount);
        const search = await client.products.search({ category: 'kitchen', limit: 3 });
        expect(search.items).toHaveLength(3);
        expect(search.items.every((p) => p.category === 'kitchen')).toBe(true);
        const categories = await client.products.categories();
        expect(categories.map((category) => category.id)).toContain('kitchen');
        expect(categories.find((category) => category.id === 'kitchen')!.productCount).toBe(search.totalCount);
        const offsetPage = await client.orders.list({ userId: 'u_0001', offset: 1, limit: 1 });
        expect(offsetPage.items[0].id).toBe(page.items[1].id);
      });

      it('keeps 404 as NOT_FOUND, whether the service said so or a batch reported it missing', async () => {
        await expect(client.orders.get('o_99999')).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND', kind: 'not-found' });
        await expect(client.products.getProduct('p_9999')).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
        await expect(client.users.getUser('u_9999')).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
      });

      it('keeps a 400’s field problems, a 409’s and a 422’s codes', async () => {
        const as = { identity: { accessToken: adaToken } };
        const ada = await client.users.getUser('u_0001');
        const input = { userId: 'u_0001', items: [{ productId: 'p_0001', quantity: 1 }], shippingAddressId: ada.addresses[0].id };

        const invalid = (await client.orders
          .create({ ...input, items: [{ productId: 'p_9999', quantity: 1 }] }, as)
          .catch((e: unknown) => e)) as DownstreamError;
        expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
        expect(JSON.stringify(invalid.details)).toContain('items.0.productId');

        const key = `e2e-${Date.now()}`;
        const created = await client.orders.create(input, { ...as, idempotencyKey: key });
        expect(created).toMatchObject({ replayed: false, order: { userId: 'u_0001', status: 'pending' } });
        const replay = await client.orders.create(input, { ...as, idempotencyKey: key });
        expect(replay).toMatchObject({ replayed: true, order: { id: created.order.id } });
        await expect(
          client.orders.create({ ...input, items: [{ productId: 'p_0002', quantity: 1 }] }, { ...as, idempotencyKey: key }),
        ).rejects.toMatchObject({
          status: 422,
          code: 'IDEMPOTENCY_KEY_REUSED',
        });

        expect((await client.orders.cancel(created.order.id, as)).status).toBe('cancelled');
        await expect(client.orders.cancel(created.order.id, as)).rejects.toMatchObject({ status: 409, code: 'ORDER_NOT_CANCELLABLE' });
      });

      it('relays the user’s token: a user sees only their own orders, another’s is 404', async () => {
        const graces = await client.orders.list({ userId: 'u_0002', limit: 1 });
        const mine = await client.inRequest(() => client.orders.list({ limit: 10 }, { identity: 'user' }), adaToken);
        expect(new Set(mine.items.map((order) => order.userId))).toEqual(new Set(['u_0001']));
        await expect(client.inRequest(() => client.orders.get(graces.items[0].id, { identity: 'user' }), adaToken)).rejects.toMatchObject({
          status: 404,
        });
        await expect(client.inRequest(() => client.orders.list({}, { identity: 'user' }))).rejects.toMatchObject({
          status: 401,
          kind: 'unauthenticated',
        });
      });

      it('passes allowlisted routes through and refuses paths that leave the service', async () => {
        const categories = await client.passThrough.passThrough('products', 'GET', '/categories');
        expect(categories.status).toBe(200);
        expect((categories.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
        await expect(client.passThrough.passThrough('products', 'GET', '/products/%2e%2e/__admin/stats')).rejects.toMatchObject({
          status: 400,
        });
        await expect(client.passThrough.passThrough('products', 'GET', `${stack.urls['user-service']}/users/u_0001`)).rejects.toMatchObject(
          {
            status: 400,
          },
        );
      });
    });

    describe('stale-if-error with a warm cache', () => {
      const productCache = { store: 'memory' as const, ttlMs: 100, staleWhileRevalidateMs: 0, staleIfErrorMs: 60_000 };

      it('serves the last known products marked stale while the product service fails', async () => {
        const { products: client, inRequest } = await downstream({ productCache, resilience: { retry: { maxAttempts: 1 } } });
        const warm = await inRequest(() => client.getProducts(['p_0001', 'p_0002']));
        await sleep(150);
        await products().faults({ errorRate: 1 });
        const { found, stale } = await inRequest(async () => ({
          found: await client.getProducts(['p_0001', 'p_0002']),
          stale: client.servedStale(),
        }));
        expect(found).toEqual(warm);
        expect(stale.sort()).toEqual(['p_0001', 'p_0002']);
        expect(await products().count('GET /products')).toBe(2);
        await expect(inRequest(() => client.getProduct('p_0003'))).rejects.toMatchObject({ kind: 'http-5xx' });
      });

      it('serves them stale while the product service is stopped, and fresh once it is back', async () => {
        const { products: client, inRequest } = await downstream({ productCache, resilience: { retry: { maxAttempts: 1 } } });
        const warm = await inRequest(() => client.getProduct('p_0005'));
        await sleep(150);
        await stack.stopApp('product-service');
        try {
          const { product, stale } = await inRequest(async () => ({
            product: await client.getProduct('p_0005'),
            stale: client.servedStale(),
          }));
          expect(product).toEqual(warm);
          expect(stale).toEqual(['p_0005']);
          await expect(inRequest(() => client.getProduct('p_0006'))).rejects.toMatchObject({ kind: 'refused', status: 503 });
        } finally {
          await stack.startApp('product-service');
        }
        const { stale } = await inRequest(async () => ({ product: await client.getProduct('p_0005'), stale: client.servedStale() }));
        expect(stale).toEqual([]);
      });
    });
  });
});
