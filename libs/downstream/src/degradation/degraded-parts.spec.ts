import type { Product } from '@facet/domain';
import { productPayload } from '../../test-support/fixtures';
import type { AvailableProducts } from '../clients/products.client';
import { DownstreamError } from '../errors/downstream-error';
import { toProduct } from '../mapping/product.mapper';
import { type DegradedPart, optionalPart, productForPage, productsForPage } from './degraded-parts';

const product = (id: string): Product => toProduct(productPayload(id));

const outage = () => new DownstreamError({ service: 'products', kind: 'refused', route: 'GET /products', durationMs: 1 });
const notFound = () =>
  new DownstreamError({ service: 'products', kind: 'not-found', route: 'GET /products', durationMs: 1, upstream: { status: 404 } });

function client(available: Partial<AvailableProducts>) {
  return {
    getAvailableProducts: () => Promise.resolve({ products: new Map<string, Product>(), unavailable: [], stale: [], ...available }),
  };
}

describe('productsForPage', () => {
  it('returns the products and no degradation when all could be had', async () => {
    const degraded: DegradedPart[] = [];
    const found = await productsForPage(client({ products: new Map([['p_1', product('p_1')]]) }), ['p_1'], degraded);
    expect([...found.keys()]).toEqual(['p_1']);
    expect(degraded).toEqual([]);
  });

  it('names products unavailable when some could not be had', async () => {
    const degraded: DegradedPart[] = [];
    await productsForPage(client({ unavailable: ['p_2'], stale: ['p_1'] }), ['p_1', 'p_2'], degraded);
    expect(degraded).toEqual([{ part: 'products', reason: 'unavailable' }]);
  });

  it('names products stale when old copies stood in', async () => {
    const degraded: DegradedPart[] = [];
    await productsForPage(client({ stale: ['p_1'] }), ['p_1'], degraded);
    expect(degraded).toEqual([{ part: 'products', reason: 'stale' }]);
  });
});

describe('optionalPart', () => {
  it('names a part whose service is down and carries on', async () => {
    const degraded: DegradedPart[] = [];
    expect(await optionalPart('user', Promise.reject(outage()), degraded)).toBeUndefined();
    expect(degraded).toEqual([{ part: 'user', reason: 'unavailable' }]);
  });

  it('passes the backend answer on when it is not an outage', async () => {
    await expect(optionalPart('user', Promise.reject(notFound()), [])).rejects.toBeInstanceOf(DownstreamError);
  });

  // Jest fails the test in which a rejection is left unhandled, where Node would end the process.
  it('can fail before anyone awaits it without an unhandled rejection', async () => {
    void optionalPart('user', Promise.reject(notFound()), []);
    // Node reports unhandled rejections once the microtask queue drains, before the next macrotask.
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('names a part whose two calls both failed once', async () => {
    const degraded: DegradedPart[] = [];
    await Promise.all([
      optionalPart('products', Promise.reject(outage()), degraded),
      optionalPart('products', Promise.reject(outage()), degraded),
    ]);
    expect(degraded).toEqual([{ part: 'products', reason: 'unavailable' }]);
  });
});

describe('productForPage', () => {
  const lookup = (stale: string[]) => ({ getProduct: (id: string) => Promise.resolve(product(id)), servedStale: () => stale });

  it('names the part stale when the product is the cache’s last copy, and nothing otherwise', async () => {
    const degraded: DegradedPart[] = [];
    expect((await productForPage(lookup([]), 'p_1', degraded)).id).toBe('p_1');
    expect(degraded).toEqual([]);
    await productForPage(lookup(['p_1']), 'p_1', degraded, 'products');
    expect(degraded).toEqual([{ part: 'products', reason: 'stale' }]);
  });
});
