import { productPayload } from '../../test-support/fixtures';
import { toProduct } from '../mapping/product.mapper';
import type { Socket } from 'node:net';
import { testRedisUrl } from '@facet/testing';
import { MAX_PENDING_COMMANDS, ProductStoreBacklogError, RedisProductStore } from './redis-product-store';

// The store against a working Redis is covered by test/downstream/product-cache-redis.e2e-spec.ts; here, the
// promise that an unreachable Redis never holds a request up.
describe('RedisProductStore with Redis unreachable', () => {
  let store: RedisProductStore;

  beforeEach(() => (store = new RedisProductStore('redis://127.0.0.1:1', 'test:')));
  afterEach(() => store.close());

  it('fails lookups and writes at once instead of queueing them', async () => {
    const started = performance.now();
    await expect(store.getMany(['p_1'])).rejects.toThrow();
    await expect(store.setMany([{ product: toProduct(productPayload('p_1')), storedAt: 1 }], 1000)).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('does nothing for nothing', async () => {
    await expect(store.getMany([])).resolves.toEqual([]);
    await expect(store.setMany([], 1000)).resolves.toBeUndefined();
  });
});

// A process too busy to read Redis's answers (as under overload) while its cache keeps writing behind them.
describe('RedisProductStore behind on its answers', () => {
  let store: RedisProductStore;
  const socketOf = (of: RedisProductStore) => (of as unknown as { redis: { stream: Socket } }).redis.stream;

  beforeEach(async () => {
    store = new RedisProductStore(testRedisUrl(), `test:backlog:${Date.now()}:`);
    await store.open();
  });
  afterEach(() => store.close());

  it('stops sending once MAX_PENDING_COMMANDS are unanswered, and resumes when Redis has answered them', async () => {
    const entries = Array.from({ length: MAX_PENDING_COMMANDS }, (_, i) => ({ product: toProduct(productPayload(`p_${i}`)), storedAt: 1 }));
    socketOf(store).pause();
    const written = store.setMany(entries, 60_000).catch(() => 'timed out');
    expect(store.pendingCommands()).toBe(MAX_PENDING_COMMANDS);
    await expect(store.getMany(['p_1'])).rejects.toThrow(ProductStoreBacklogError);
    await expect(store.setMany(entries.slice(0, 1), 60_000)).rejects.toThrow(ProductStoreBacklogError);
    expect(store.pendingCommands()).toBe(MAX_PENDING_COMMANDS);

    socketOf(store).resume();
    await written;
    for (let i = 0; i < 100 && store.pendingCommands() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.pendingCommands()).toBe(0);
    await expect(store.getMany(['p_1'])).resolves.toHaveLength(1);
  });
});
