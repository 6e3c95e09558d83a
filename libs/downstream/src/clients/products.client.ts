import type { Category, Page, Product } from '@facet/domain';
import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { type BatchRoute, type Lookup, batchLookup, notFound } from '../batching/batch-lookup';
import type { CacheHit } from '../cache/product-cache';
import { payloadDecoder } from '../contract/decode';
import { CategoryListPayload, ProductBatchPayload, type ProductPayload, ProductSearchPayload } from '../contract/product.payload';
import { DownstreamRuntime } from '../downstream.runtime';
import { DownstreamError, OUTAGE_KINDS, isOutage } from '../errors/downstream-error';
import { Credentials } from '../identity/credentials';
import { toCategories, toProduct, toProductPage } from '../mapping/product.mapper';
import type { CallOptions } from './call-options';

const SERVICE = 'products';
const BATCH: BatchRoute<ProductPayload, Product> = {
  service: SERVICE,
  route: 'GET /products?ids',
  path: '/products',
  decode: payloadDecoder(ProductBatchPayload),
  map: toProduct,
  noun: 'Product',
};
const SEARCH_ROUTE = 'GET /products?q';
const decodeSearch = payloadDecoder(ProductSearchPayload);
const decodeCategories = payloadDecoder(CategoryListPayload);

export interface ProductSearchQuery {
  category?: string;
  /** Text searched in name and description. */
  q?: string;
  /** Only this partner's products (service identity only). */
  partnerId?: string;
  /** Only products changed at or after this ISO-8601 UTC time. */
  updatedSince?: string;
  cursor?: string;
  /** 1–100, default 20. */
  limit?: number;
}

/** What a page can show of some products: the ones to be had, and which could not be had or are old copies. */
export interface AvailableProducts {
  products: Map<string, Product>;
  /** Ids the product service could not answer for (an outage) and no cache held. */
  unavailable: string[];
  /** Ids served from the cache's last known copy because the product service failed. */
  stale: string[];
}

/**
 * The product service. Lookups by id within one incoming request are batched into `GET /products?ids=`
 * (de-duplicated, chunked to the configured maximum) and, when the cache is on, served read-through with
 * stale-while-revalidate and stale-if-error.
 */
@Injectable()
export class ProductsClient {
  /** Ids being refreshed in the background, so a hot product is refreshed by one call at a time. */
  private readonly revalidating = new Set<string>();

  constructor(@Inject(DownstreamRuntime) private readonly runtime: DownstreamRuntime) {}

  /** One product; a missing id is a `DownstreamError` 404 `NOT_FOUND`. */
  async getProduct(id: string, options: CallOptions = {}): Promise<Product> {
    const started = performance.now();
    const product = await this.loader(options).load(id);
    if (product === null) throw notFound(BATCH, id, performance.now() - started);
    return product;
  }

  /** Several products by id, in one or a few batch calls; missing ids are absent from the map. */
  async getProducts(ids: readonly string[], options: CallOptions = {}): Promise<Map<string, Product>> {
    const results = await this.loader(options).loadMany([...new Set(ids)]);
    const found = new Map<string, Product>();
    for (const result of results) {
      if (result instanceof Error) throw result;
      if (result) found.set(result.id, result);
    }
    return found;
  }

  /**
   * As many of the products as can be had, for pages that degrade rather than fail: during an outage the cached
   * ones come back (listed as stale) and only the rest are listed as unavailable. Ids that do not exist are
   * absent; an error that is not an outage is thrown.
   */
  async getAvailableProducts(ids: readonly string[], options: CallOptions = {}): Promise<AvailableProducts> {
    const unique = [...new Set(ids)];
    const results = await this.loader(options).loadMany(unique);
    const products = new Map<string, Product>();
    const unavailable: string[] = [];
    results.forEach((result, index) => {
      if (isOutage(result)) unavailable.push(unique[index]);
      else if (result instanceof Error) throw result;
      else if (result) products.set(result.id, result);
    });
    const asked = new Set(unique);
    return { products, unavailable, stale: this.servedStale().filter((id) => asked.has(id)) };
  }

  async search(query: ProductSearchQuery, options: CallOptions = {}): Promise<Page<Product>> {
    const { body } = await this.runtime.services.products.send(
      { method: 'GET', route: SEARCH_ROUTE, path: '/products', query: { ...query }, identity: options.identity },
      decodeSearch,
    );
    return toProductPage(body);
  }

  /** Every category of the catalogue, in the catalogue's order. */
  async categories(options: CallOptions = {}): Promise<Category[]> {
    const { body } = await this.runtime.services.products.send(
      { method: 'GET', route: 'GET /categories', path: '/categories', identity: options.identity },
      decodeCategories,
    );
    return toCategories(body);
  }

  /**
   * Ids served from the cache's stale-if-error window during the current incoming request, because the
   * product service failed: a BFF reports them as degraded (e.g. `degraded: ['products']`).
   */
  servedStale(): string[] {
    return this.runtime.scope.stale(SERVICE);
  }

  private loader(options: CallOptions): DataLoader<string, Product | null> {
    const key = `${SERVICE}:${Credentials.key(options.identity, this.runtime.options.defaultIdentity)}`;
    return this.runtime.scope.loader(key, () => new DataLoader<string, Product | null>((ids) => this.loadBatch(ids, options)));
  }

  private async loadBatch(ids: readonly string[], options: CallOptions): Promise<Lookup<Product>[]> {
    const cache = this.runtime.productCache;
    const cached = cache ? await cache.lookup(ids) : new Map<string, CacheHit>();
    const usable = (id: string) => {
      const hit = cached.get(id);
      return hit && hit.freshness !== 'fallback' ? hit : undefined;
    };
    const revalidate = ids.filter((id) => usable(id)?.freshness === 'revalidate');
    if (revalidate.length > 0) this.revalidate(revalidate, options);
    const fetched = await batchLookup(
      this.runtime,
      BATCH,
      ids.filter((id) => !usable(id)),
      options.identity,
    );
    // Not awaited: the caller need not wait a store round trip, and a failed save is only a later miss.
    void this.save(fetched);
    const servedStale: string[] = [];
    const results = ids.map((id): Lookup<Product> => {
      const fromCache = usable(id);
      if (fromCache) return fromCache.product;
      const result = fetched.get(id)!;
      const fallback = cached.get(id);
      if (result instanceof DownstreamError && fallback && OUTAGE_KINDS.has(result.kind)) {
        servedStale.push(id);
        return fallback.product;
      }
      return result;
    });
    this.runtime.scope.markStale(SERVICE, servedStale);
    this.runtime.metrics.cacheEvent(SERVICE, 'stale-if-error', servedStale.length);
    return results;
  }

  /** Caches the products found; never fails (a store failure is counted and is only a miss later). */
  private async save(results: ReadonlyMap<string, Lookup<Product>>): Promise<void> {
    const found = [...results.values()].filter((result): result is Product => result !== null && !(result instanceof DownstreamError));
    await this.runtime.productCache?.save(found);
  }

  private revalidate(ids: readonly string[], options: CallOptions): void {
    const due = ids.filter((id) => !this.revalidating.has(id));
    if (due.length === 0) return;
    for (const id of due) this.revalidating.add(id);
    // Failures are already counted by the call's metrics; the stale entry stays until it expires. The save is
    // waited for so that a hot product is not refreshed again before its fresh copy is in the cache.
    void batchLookup(this.runtime, BATCH, due, options.identity)
      .then((fetched) => this.save(fetched))
      .catch(() => undefined)
      .finally(() => due.forEach((id) => this.revalidating.delete(id)));
  }
}
