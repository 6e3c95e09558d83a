import { FakeService, type RecordedRequest, json } from '../../test-support/fake-service';
import { productPayload } from '../../test-support/fixtures';
import { eventually } from '@facet/testing';
import { inRequest, metricValue, testOptions, testRuntime, type TestRuntime } from '../../test-support/runtime';
import type { DownstreamModuleOptions } from '../downstream.options';
import { DownstreamError } from '../errors/downstream-error';
import { ProductsClient } from './products.client';

const CATALOGUE = new Set(Array.from({ length: 300 }, (_, i) => `p_${String(i + 1).padStart(4, '0')}`));
const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `p_${String(i + from).padStart(4, '0')}`);
const askedIds = (request: RecordedRequest) => request.query.get('ids')!.split(',');

/** The product service's batch route, per the contract: found items in the order asked, and the rest. */
function catalogue(req: RecordedRequest, res: Parameters<Parameters<FakeService['reply']>[0]>[1]) {
  if (req.query.has('ids')) {
    const asked = askedIds(req);
    return json(res, 200, {
      items: asked.filter((id) => CATALOGUE.has(id)).map((id) => productPayload(id)),
      missing: asked.filter((id) => !CATALOGUE.has(id)),
    });
  }
  return json(res, 200, { items: [productPayload('p_0001')], nextCursor: 'next', totalCount: 42 });
}

describe('ProductsClient', () => {
  let fake: FakeService;
  let env: TestRuntime;
  let products: ProductsClient;
  const start = (overrides: Partial<DownstreamModuleOptions> = {}) => {
    env = testRuntime(testOptions(fake.url, overrides));
    products = new ProductsClient(env.runtime);
  };
  const request = <T>(fn: () => Promise<T>) => inRequest(env.cls, fn, { userToken: 'user-token' });

  beforeAll(async () => (fake = await FakeService.start()));
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.reply(catalogue);
    start();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await env.runtime.onModuleDestroy();
  });

  describe('batching', () => {
    it('turns many getProduct calls in one request into one de-duplicated batch call', async () => {
      const wanted = [...ids(40), ...ids(10)];
      const found = await request(() => Promise.all(wanted.map((id) => products.getProduct(id))));
      expect(found.map((p) => p.id)).toEqual(wanted);
      expect(fake.requests).toHaveLength(1);
      expect(askedIds(fake.requests[0])).toHaveLength(40);
      expect(fake.requests[0].headers.authorization).toBe('Bearer user-token');
      expect(await metricValue(env.metrics, 'facet_downstream_batch_size_sum', { service: 'products' })).toBe(40);
    });

    it('splits a large batch into chunks of the configured maximum', async () => {
      start({ maxBatchSize: 10 });
      const found = await request(() => products.getProducts(ids(25)));
      expect(found.size).toBe(25);
      expect(fake.requests.map((r) => askedIds(r).length).sort()).toEqual([10, 10, 5]);
    });

    it('serves a repeated lookup in the same request from the request’s loader', async () => {
      await request(async () => {
        await products.getProduct('p_0001');
        await products.getProduct('p_0001');
      });
      expect(fake.requests).toHaveLength(1);
    });

    it('does not share loaders between requests', async () => {
      await request(() => products.getProduct('p_0001'));
      await request(() => products.getProduct('p_0001'));
      expect(fake.requests).toHaveLength(2);
    });

    it('keeps separate batches per identity within a request', async () => {
      start({ serviceIdentity: { issuer: fake.url, clientId: 'c', clientSecret: 's', scope: 'products:read' } });
      fake.reply((req, res) => {
        if (req.path === '/.well-known/openid-configuration') return json(res, 200, { token_endpoint: `${fake.url}/token` });
        if (req.path === '/token') return json(res, 200, { access_token: 'service-token', expires_in: 300 });
        catalogue(req, res);
      });
      await request(() => Promise.all([products.getProduct('p_0001'), products.getProduct('p_0002', { identity: 'service' })]));
      const batches = fake.requests.filter((r) => r.path === '/products');
      expect(batches.map((r) => r.headers.authorization).sort()).toEqual(['Bearer service-token', 'Bearer user-token']);
    });

    it('works outside a request, one batch per call', async () => {
      const found = await products.getProducts(['p_0002', 'p_0001', 'p_0002'], { identity: { accessToken: 't' } });
      expect([...found.keys()].sort()).toEqual(['p_0001', 'p_0002']);
      expect(fake.requests).toHaveLength(1);
      expect(askedIds(fake.requests[0])).toEqual(['p_0001', 'p_0002']);
    });

    it('says 404 NOT_FOUND for a missing product, and leaves it out of a multi-lookup', async () => {
      const error = await request(() => products.getProduct('p_9999')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownstreamError);
      expect(error).toMatchObject({ kind: 'not-found', status: 404, code: 'NOT_FOUND', details: { product: 'p_9999' } });
      const found = await request(() => products.getProducts(['p_0001', 'p_9999']));
      expect([...found.keys()]).toEqual(['p_0001']);
    });

    it('lists every asked product as available when the service answers, leaving out the ones that do not exist', async () => {
      const available = await request(() => products.getAvailableProducts(['p_0001', 'p_9999', 'p_0002']));
      expect([...available.products.keys()]).toEqual(['p_0001', 'p_0002']);
      expect(available).toMatchObject({ unavailable: [], stale: [] });
      expect(fake.requests).toHaveLength(1);
    });

    it('does not pass an error that is not an outage off as unavailable', async () => {
      fake.reply((_req, res) => json(res, 403, { error: { code: 'FORBIDDEN', message: 'no' } }));
      await expect(request(() => products.getAvailableProducts(['p_0001']))).rejects.toMatchObject({ status: 403 });
    });

    it('fails only the ids of a chunk that failed', async () => {
      start({ maxBatchSize: 2, resilience: { retry: { maxAttempts: 1 } } });
      fake.reply((req, res) => (askedIds(req).includes('p_0003') ? json(res, 500, {}) : catalogue(req, res)));
      const results = await request(() => Promise.allSettled(ids(4).map((id) => products.getProduct(id))));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
      await expect(request(() => products.getProducts(ids(4)))).rejects.toMatchObject({ kind: 'http-5xx' });
    });

    it('turns a malformed batch answer into invalid-response', async () => {
      fake.reply((_req, res) => json(res, 200, { items: [{ ...productPayload('p_0001'), price: 12 }], missing: [] }));
      await expect(request(() => products.getProduct('p_0001'))).rejects.toMatchObject({
        kind: 'invalid-response',
        message: expect.stringContaining('items.0.price'),
      });
    });

    it('ignores items the service returns that were not asked for', async () => {
      fake.reply((_req, res) => json(res, 200, { items: [productPayload('p_0001'), productPayload('p_0077')], missing: [] }));
      const found = await request(() => products.getProducts(['p_0001']));
      expect([...found.keys()]).toEqual(['p_0001']);
    });
  });

  describe('search', () => {
    it('passes the query and maps the page', async () => {
      const page = await request(() => products.search({ category: 'kitchen', q: 'pan', limit: 5 }));
      expect(page).toMatchObject({ nextCursor: 'next', totalCount: 42 });
      expect(page.items[0].id).toBe('p_0001');
      expect(Object.fromEntries(fake.requests[0].query)).toEqual({ category: 'kitchen', q: 'pan', limit: '5' });
    });
  });

  describe('categories', () => {
    it('asks GET /categories and maps every category', async () => {
      fake.reply((_req, res) => json(res, 200, { items: [{ id: 'kitchen', name: 'Kitchen', productCount: 100 }] }));
      expect(await request(() => products.categories())).toEqual([{ id: 'kitchen', name: 'Kitchen', productCount: 100 }]);
      expect(fake.requests[0].path).toBe('/categories');
    });

    it('refuses an answer that breaks the contract', async () => {
      fake.reply((_req, res) => json(res, 200, { items: [{ id: 'kitchen', name: 'Kitchen', productCount: 'many' }] }));
      await expect(request(() => products.categories())).rejects.toMatchObject({ kind: 'invalid-response' });
    });
  });

  describe('with the cache', () => {
    const cacheOptions = { store: 'memory' as const, ttlMs: 1000, staleWhileRevalidateMs: 1000, staleIfErrorMs: 60_000 };
    let now: number;
    beforeEach(() => {
      now = 1_000_000;
      jest.spyOn(Date, 'now').mockImplementation(() => now);
      start({ productCache: cacheOptions, resilience: { retry: { maxAttempts: 1 } } });
    });

    it('serves fresh products without calling the service', async () => {
      await request(() => products.getProducts(ids(3)));
      await request(() => products.getProducts(ids(3)));
      expect(fake.requests).toHaveLength(1);
    });

    it('asks only for what the cache does not have', async () => {
      await request(() => products.getProducts(ids(2)));
      await request(() => products.getProducts(ids(4)));
      expect(askedIds(fake.requests[1])).toEqual(['p_0003', 'p_0004']);
    });

    it('serves stale-while-revalidate data at once and refreshes it in the background, once', async () => {
      await request(() => products.getProduct('p_0001'));
      now += 1500;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      fake.reply((req, res) => void gate.then(() => catalogue(req, res)));
      const servedStale = await request(async () => {
        await products.getProduct('p_0001');
        return products.servedStale();
      });
      expect(servedStale).toEqual([]);
      await request(() => products.getProduct('p_0001'));
      await eventually(() => expect(fake.requests).toHaveLength(2));
      release();
      await eventually(async () => expect((await env.runtime.productCache!.lookup(['p_0001'])).get('p_0001')?.freshness).toBe('fresh'));
      fake.reply(catalogue);
      now += 500; // fresh again thanks to the refresh
      await request(() => products.getProduct('p_0001'));
      expect(fake.requests).toHaveLength(2);
    });

    it('serves the last known data marked stale when the service fails (stale-if-error)', async () => {
      await request(() => products.getProducts(ids(2)));
      now += 30_000;
      fake.reply((_req, res) => json(res, 503, { error: { code: 'INJECTED_FAULT' } }));
      const { found, stale } = await request(async () => ({ found: await products.getProducts(ids(2)), stale: products.servedStale() }));
      expect([...found.keys()]).toEqual(ids(2));
      expect(stale).toEqual(ids(2));
      expect(await metricValue(env.metrics, 'facet_downstream_cache_total', { service: 'products', event: 'stale-if-error' })).toBe(2);
    });

    it('fails what it has no stale copy of', async () => {
      await request(() => products.getProduct('p_0001'));
      now += 30_000;
      fake.reply((_req, res) => json(res, 503, {}));
      const results = await request(() => Promise.allSettled([products.getProduct('p_0001'), products.getProduct('p_0002')]));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    });

    it('gives a page what it can have during an outage: cached ones stale, the rest unavailable, missing ones absent', async () => {
      await request(() => products.getProducts(['p_0001']));
      now += 30_000;
      fake.reply((_req, res) => json(res, 503, {}));
      const available = await request(() => products.getAvailableProducts(['p_0001', 'p_0002', 'p_0001']));
      expect([...available.products.keys()]).toEqual(['p_0001']);
      expect(available.stale).toEqual(['p_0001']);
      expect(available.unavailable).toEqual(['p_0002']);
    });

    it('does not hide an answer (4xx) behind stale data', async () => {
      await request(() => products.getProduct('p_0001'));
      now += 30_000;
      fake.reply((_req, res) => json(res, 403, { error: { code: 'FORBIDDEN', message: 'no' } }));
      await expect(request(() => products.getProduct('p_0001'))).rejects.toMatchObject({ status: 403 });
    });
  });
});
