import type { Product } from '@facet/domain';
import { MetricsService } from '@facet/platform';
import { productPayload } from '../../test-support/fixtures';
import { metricValue } from '../../test-support/runtime';
import { toProduct } from '../mapping/product.mapper';
import { DownstreamMetrics } from '../transport/downstream-metrics';
import { MemoryProductStore } from './memory-product-store';
import { ProductCache } from './product-cache';
import type { ProductStore } from './product-store';

const options = {
  store: 'memory' as const,
  ttlMs: 1000,
  staleWhileRevalidateMs: 500,
  staleIfErrorMs: 5000,
  maxEntries: 100,
  keyPrefix: 'p:',
};
const product = (id: string): Product => toProduct(productPayload(id));

describe('ProductCache', () => {
  let now: number;
  let metrics: MetricsService;
  let cache: ProductCache;

  beforeEach(() => {
    now = 10_000;
    metrics = new MetricsService();
    cache = new ProductCache(new MemoryProductStore(100), options, new DownstreamMetrics(metrics), () => now);
  });

  it('serves what it stored as fresh within the TTL', async () => {
    await cache.save([product('p_1'), product('p_2')]);
    now += 999;
    const hits = await cache.lookup(['p_1', 'p_2', 'p_3']);
    expect([...hits.keys()]).toEqual(['p_1', 'p_2']);
    expect(hits.get('p_1')).toEqual({ product: product('p_1'), freshness: 'fresh' });
    expect(await metricValue(metrics, 'facet_downstream_cache_total', { service: 'products', event: 'hit' })).toBe(2);
    expect(await metricValue(metrics, 'facet_downstream_cache_total', { service: 'products', event: 'miss' })).toBe(1);
  });

  it('says revalidate within stale-while-revalidate, fallback within stale-if-error, and nothing after', async () => {
    await cache.save([product('p_1')]);
    now += 1200;
    expect((await cache.lookup(['p_1'])).get('p_1')?.freshness).toBe('revalidate');
    now += 1000;
    expect((await cache.lookup(['p_1'])).get('p_1')?.freshness).toBe('fallback');
    now += 4000;
    expect((await cache.lookup(['p_1'])).size).toBe(0);
    expect(await metricValue(metrics, 'facet_downstream_cache_total', { service: 'products', event: 'stale-revalidate' })).toBe(1);
    expect(await metricValue(metrics, 'facet_downstream_cache_total', { service: 'products', event: 'miss' })).toBe(2);
  });

  it('treats a failing store as a miss, never as an error', async () => {
    const broken: ProductStore = {
      open: () => Promise.resolve(),
      getMany: () => Promise.reject(new Error('redis down')),
      setMany: () => Promise.reject(new Error('redis down')),
      close: () => Promise.resolve(),
    };
    const failing = new ProductCache(broken, options, new DownstreamMetrics(metrics), () => now);
    await expect(failing.save([product('p_1')])).resolves.toBeUndefined();
    await expect(failing.lookup(['p_1'])).resolves.toEqual(new Map());
    expect(await metricValue(metrics, 'facet_downstream_cache_total', { service: 'products', event: 'store-error' })).toBe(2);
  });

  it('stores nothing for nothing', async () => {
    const store: ProductStore = { open: jest.fn(), getMany: jest.fn(), setMany: jest.fn(), close: jest.fn() };
    await new ProductCache(store, options, new DownstreamMetrics(metrics)).save([]);
    expect(store.setMany).not.toHaveBeenCalled();
  });
});

describe('MemoryProductStore', () => {
  it('is bounded: the least recently used entry goes first', async () => {
    const store = new MemoryProductStore(2);
    await store.setMany([{ product: product('p_1'), storedAt: 1 }], 60_000);
    await store.setMany([{ product: product('p_2'), storedAt: 1 }], 60_000);
    await store.getMany(['p_1']);
    await store.setMany([{ product: product('p_3'), storedAt: 1 }], 60_000);
    expect((await store.getMany(['p_1', 'p_2', 'p_3'])).map((e) => e?.product.id)).toEqual(['p_1', undefined, 'p_3']);
    await store.close();
    expect(await store.getMany(['p_1'])).toEqual([undefined]);
  });

  it('drops an entry once its retention is over', async () => {
    const store = new MemoryProductStore(10);
    await store.setMany([{ product: product('p_1'), storedAt: 1 }], 20);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await store.getMany(['p_1'])).toEqual([undefined]);
  });
});
