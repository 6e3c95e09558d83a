import type { Product } from '@facet/domain';
import type { ResolvedDownstreamOptions } from '../downstream.options';
import type { DownstreamMetrics } from '../transport/downstream-metrics';
import type { CachedProduct, ProductStore } from './product-store';

type CacheOptions = NonNullable<ResolvedDownstreamOptions['productCache']>;

/**
 * - `fresh`: younger than the TTL, served as is;
 * - `revalidate`: past the TTL but within stale-while-revalidate, served while a background call refreshes it;
 * - `fallback`: past both, but within stale-if-error: only served (marked stale) when the service fails.
 */
export type Freshness = 'fresh' | 'revalidate' | 'fallback';

export interface CacheHit {
  product: Product;
  freshness: Freshness;
}

const SERVICE = 'products';

/**
 * Read-through cache policy for products (public catalogue data, the same for every caller, so entries are
 * not keyed by identity). A store failure never fails a call: it is a miss.
 */
export class ProductCache {
  private readonly retainMs: number;

  constructor(
    private readonly backing: ProductStore,
    private readonly options: CacheOptions,
    private readonly metrics: DownstreamMetrics,
    private readonly now: () => number = Date.now,
  ) {
    this.retainMs = options.ttlMs + Math.max(options.staleWhileRevalidateMs, options.staleIfErrorMs);
  }

  async lookup(ids: readonly string[]): Promise<Map<string, CacheHit>> {
    const hits = new Map<string, CacheHit>();
    let entries: (CachedProduct | undefined)[];
    try {
      entries = await this.backing.getMany(ids);
    } catch {
      this.metrics.cacheEvent(SERVICE, 'store-error');
      entries = [];
    }
    const now = this.now();
    let fresh = 0;
    let revalidate = 0;
    ids.forEach((id, i) => {
      const entry = entries[i];
      if (!entry) return;
      const age = now - entry.storedAt;
      const freshness: Freshness | undefined =
        age < this.options.ttlMs
          ? 'fresh'
          : age < this.options.ttlMs + this.options.staleWhileRevalidateMs
            ? 'revalidate'
            : age < this.options.ttlMs + this.options.staleIfErrorMs
              ? 'fallback'
              : undefined;
      if (!freshness) return;
      hits.set(id, { product: entry.product, freshness });
      if (freshness === 'fresh') fresh++;
      if (freshness === 'revalidate') revalidate++;
    });
    this.metrics.cacheEvent(SERVICE, 'hit', fresh);
    this.metrics.cacheEvent(SERVICE, 'stale-revalidate', revalidate);
    this.metrics.cacheEvent(SERVICE, 'miss', ids.length - fresh - revalidate);
    return hits;
  }

  async save(products: readonly Product[]): Promise<void> {
    if (products.length === 0) return;
    const storedAt = this.now();
    try {
      await this.backing.setMany(
        products.map((product) => ({ product, storedAt })),
        this.retainMs,
      );
    } catch {
      this.metrics.cacheEvent(SERVICE, 'store-error');
    }
  }

  open(): Promise<void> {
    return this.backing.open();
  }

  close(): Promise<void> {
    return this.backing.close();
  }
}
