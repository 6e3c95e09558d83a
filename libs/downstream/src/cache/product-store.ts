import type { Product } from '@facet/domain';

/** A product as it was when last fetched. */
export interface CachedProduct {
  product: Product;
  storedAt: number;
}

/** Where cached products live; the cache above decides what is fresh. Failures are the cache's to absorb. */
export interface ProductStore {
  /** Resolves once the store can serve (or gives up quietly): called at start-up so first requests hit. */
  open(): Promise<void>;
  getMany(ids: readonly string[]): Promise<(CachedProduct | undefined)[]>;
  /** `retainMs`: how long an entry may be useful at all (TTL plus the longest stale window). */
  setMany(entries: readonly CachedProduct[], retainMs: number): Promise<void>;
  close(): Promise<void>;
}
