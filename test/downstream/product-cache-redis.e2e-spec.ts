import { randomUUID } from 'node:crypto';
import { type RedisConnection, connectRedis } from '@facet/platform';
import { type RunningStack, eventually, startStack, testRedisClusterUrl, testRedisUrl } from '@facet/testing';
import { type Downstream, createDownstream, sandbox, stackOptions } from './downstream-harness';

/**
 * The product cache's Redis store, against the real product service and a real Redis: one server (one MGET per
 * lookup), and a three-master cluster (the products of one lookup live on different nodes: one GET each).
 */
describe.each([
  ['one Redis server', testRedisUrl],
  ['a Redis Cluster', testRedisClusterUrl],
])('product cache in %s', (_, redisUrlOf) => {
  let stack: RunningStack;
  let redis: RedisConnection;
  const keyPrefix = `facet-test:downstream:${randomUUID()}:`;
  const open: Downstream[] = [];
  const instance = async (redisUrl = redisUrlOf()) => {
    const created = await createDownstream(
      stackOptions(stack, {
        productCache: { store: 'redis', redisUrl, keyPrefix, ttlMs: 60_000, staleWhileRevalidateMs: 0, staleIfErrorMs: 600_000 },
        resilience: { retry: { maxAttempts: 1 } },
      }),
    );
    open.push(created);
    return created;
  };
  const products = () => sandbox(stack, 'product-service');

  beforeAll(async () => {
    redis = connectRedis(redisUrlOf(), { maxRetriesPerRequest: 1 });
    stack = await startStack({ apps: ['dev-idp', 'product-service'] });
  });

  afterAll(async () => {
    await Promise.all(open.map((d) => d.close()));
    await stack?.stop();
    if (!redis) return;
    // Key by key: on a cluster the keys live on several nodes, and one DEL may name one slot only.
    await Promise.all(['p_0101', 'p_0102', 'p_0103'].map((id) => redis.del(`${keyPrefix}${id}`)));
    await redis.quit();
  });

  beforeEach(async () => {
    await products().clearFaults();
    await products().resetStats();
  });

  it('shares cached products between app instances, with a TTL', async () => {
    const first = await instance();
    const warmed = await first.inRequest(() => first.products.getProducts(['p_0101', 'p_0102']));
    expect(await products().count('GET /products')).toBe(1);
    // The cache is written after the answer (never holding it up): wait for the write.
    await eventually(async () => {
      expect(await redis.pttl(`${keyPrefix}p_0101`)).toBeGreaterThan(600_000);
      expect(await redis.exists(`${keyPrefix}p_0102`)).toBe(1);
    });

    const second = await instance();
    const served = await second.inRequest(() => second.products.getProducts(['p_0101', 'p_0102']));
    expect(served).toEqual(warmed);
    expect(await products().count('GET /products')).toBe(1);
  });

  it('serves stale products from Redis when the product service fails', async () => {
    const app = await instance();
    await app.inRequest(() => app.products.getProduct('p_0103'));
    // Age the entry past its TTL, as if written long ago.
    const key = `${keyPrefix}p_0103`;
    let stored: string | null = null;
    await eventually(async () => {
      stored = await redis.get(key);
      expect(stored).not.toBeNull();
    });
    const entry = JSON.parse(stored!) as { storedAt: number };
    await redis.set(key, JSON.stringify({ ...entry, storedAt: entry.storedAt - 120_000 }), 'PX', 600_000);
    await products().faults({ errorRate: 1 });
    const { product, stale } = await app.inRequest(async () => ({
      product: await app.products.getProduct('p_0103'),
      stale: app.products.servedStale(),
    }));
    expect(product.id).toBe('p_0103');
    expect(stale).toEqual(['p_0103']);
    expect(await products().count('GET /products')).toBe(2);
  });

  it('keeps serving from the product service when Redis is unreachable', async () => {
    const app = await instance('redis://127.0.0.1:1');
    await expect(app.inRequest(() => app.products.getProduct('p_0104'))).resolves.toMatchObject({ id: 'p_0104' });
    await expect(app.inRequest(() => app.products.getProduct('p_0104'))).resolves.toMatchObject({ id: 'p_0104' });
    expect(await products().count('GET /products')).toBe(2);
  });
});
