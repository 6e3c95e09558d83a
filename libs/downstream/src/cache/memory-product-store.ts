import { LRUCache } from 'lru-cache';
import type { CachedProduct, ProductStore } from './product-store';

/** In-process and bounded: the least recently used entries go first, and none outlives its retention. */
export class MemoryProductStore implements ProductStore {
  private readonly entries: LRUCache<string, CachedProduct>;

  constructor(maxEntries: number) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  open(): Promise<void> {
    return Promise.resolve();
  }

  getMany(ids: readonly string[]): Promise<(CachedProduct | undefined)[]> {
    return Promise.resolve(ids.map((id) => this.entries.get(id)));
  }

  setMany(entries: readonly CachedProduct[], retainMs: number): Promise<void> {
    for (const entry of entries) this.entries.set(entry.product.id, entry, { ttl: retainMs });
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }
}
