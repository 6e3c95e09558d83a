import { productPayload } from '../../test-support/fixtures';
import { toProduct } from '../mapping/product.mapper';
import { RedisProductStore } from './redis-product-store';

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
