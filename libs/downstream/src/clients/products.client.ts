import type { Page, Product } from '@facet/domain';
import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { chunk } from '../batching/request-scope';
import type { CacheHit } from '../cache/product-cache';
import { payloadDecoder } from '../contract/decode';
import { ProductBatchPayload, ProductSearchPayload } from '../contract/product.payload';
import { DownstreamRuntime } from '../downstream.runtime';
import { DownstreamError, OUTAGE_KINDS, isOutage } from '../errors/downstream-error';
import { Credentials } from '../identity/credentials';
import { toProduct, toProductPage } from '../mapping/product.mapper';
import type { CallOptions } from './call-options';

const SERVICE = 'products';
const BATCH_ROUTE = 'GET /products?ids';
const SEARCH_ROUTE = 'GET /products?q';
const decodeBatch = payloadDecoder(ProductBatchPayload);
const decodeSearch = payloadDecoder(ProductSearchPayload);

export interface ProductSearchQuery {
  category?: string;
  /** Text searched in name and description. */
  q?: string;
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

/** A product id and what happened to it: found, missing (`null`) or failed. */
type Lookup = Product | null | DownstreamError;

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
    if (product === null) throw this.notFound(id, performance.now() - started);
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

  private async loadBatch(ids: readonly string[], options: CallOptions): Promise<Lookup[]> {
    const cache = this.runtime.productCache;
    const cached = cache ? await cache.lookup(ids) : new Map<string, CacheHit>();
    const usable = (id: string) => {
      const hit = cached.get(id);
      return hit && hit.freshness !== 'fallback' ? hit : undefined;
    };
    const revalidate = ids.filter((id) => usable(id)?.freshness === 'revalidate');
    if (revalidate.length > 0) this.revalidate(revalidate, options);
    const fetched = await this.fetch(
      ids.filter((id) => !usable(id)),
      options,
    );
    const servedStale: string[] = [];
    const results = ids.map((id): Lookup => {
      const hit = cached.get(id);
      if (hit && hit.freshness !== 'fallback') return hit.product;
      const result = fetched.get(id)!;
      if (result instanceof DownstreamError && hit && OUTAGE_KINDS.has(result.kind)) {
        servedStale.push(id);
        return hit.product;
      }
      return result;
    });
    this.runtime.scope.markStale(SERVICE, servedStale);
    this.runtime.metrics.cacheEvent(SERVICE, 'stale-if-error', servedStale.length);
    return results;
  }

  /** Batch lookups in chunks, in parallel; a failed chunk fails only its own ids. Found products are cached. */
  private async fetch(ids: readonly string[], options: CallOptions): Promise<Map<string, Lookup>> {
    const results = new Map<string, Lookup>();
    const service = this.runtime.services.products;
    // Sorted, so identical sets of ids from different requests make identical URLs (coalescing, logs).
    const chunks = chunk([...ids].sort(), this.runtime.options.maxBatchSize);
    await Promise.all(
      chunks.map(async (part) => {
        this.runtime.metrics.batch(SERVICE, BATCH_ROUTE, part.length);
        try {
          const { body } = await service.send(
            { method: 'GET', route: BATCH_ROUTE, path: '/products', query: { ids: part.join(',') }, identity: options.identity },
            decodeBatch,
          );
          const asked = new Set(part);
          const products = body.items.filter((item) => asked.has(item.id)).map(toProduct);
          for (const product of products) results.set(product.id, product);
          await this.runtime.productCache?.save(products);
        } catch (error) {
          if (!(error instanceof DownstreamError)) throw error;
          for (const id of part) results.set(id, error);
        }
        for (const id of part) if (!results.has(id)) results.set(id, null);
      }),
    );
    return results;
  }

  private revalidate(ids: readonly string[], options: CallOptions): void {
    const due = ids.filter((id) => !this.revalidating.has(id));
    if (due.length === 0) return;
    for (const id of due) this.revalidating.add(id);
    // Failures are already counted by the call's metrics; the stale entry stays until it expires.
    void this.fetch(due, options)
      .catch(() => undefined)
      .finally(() => due.forEach((id) => this.revalidating.delete(id)));
  }

  private notFound(id: string, durationMs: number): DownstreamError {
    return new DownstreamError({
      service: SERVICE,
      kind: 'not-found',
      route: BATCH_ROUTE,
      durationMs,
      upstream: { status: 404, code: 'NOT_FOUND', message: `Product ${id} was not found`, details: { product: id } },
    });
  }
}
