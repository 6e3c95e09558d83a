import { LRUCache } from 'lru-cache';
import type { KeyValueStore } from './key-value.store';

/**
 * Bounded in-process store: the least recently used entries go first when `maxEntries` is reached, so a flood
 * of anonymous logins cannot exhaust memory. Fine for one replica; use Redis for more.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly sharedOutsideProcess = false;
  private readonly values: LRUCache<string, string>;
  /** Each index maps its members to their expiry (epoch ms). */
  private readonly indexes: LRUCache<string, Map<string, number>>;

  constructor(maxEntries: number) {
    this.values = new LRUCache({ max: maxEntries, ttlAutopurge: false });
    this.indexes = new LRUCache({ max: maxEntries });
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.values.set(key, value, { ttl: ttlMs });
    return Promise.resolve();
  }

  take(key: string): Promise<string | undefined> {
    const value = this.values.get(key);
    this.values.delete(key);
    return Promise.resolve(value);
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.values.has(key)) return Promise.resolve(false);
    this.values.set(key, value, { ttl: ttlMs });
    return Promise.resolve(true);
  }

  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }

  deleteIfEquals(key: string, value: string): Promise<boolean> {
    // Nothing can run between the read and the delete: one process, no await.
    if (this.values.get(key) !== value) return Promise.resolve(false);
    this.values.delete(key);
    return Promise.resolve(true);
  }

  setIfEquals(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.values.get(key) !== expected) return Promise.resolve(false);
    this.values.set(key, value, { ttl: ttlMs });
    return Promise.resolve(true);
  }

  addToIndex(index: string, member: string, ttlMs: number, maxMembers = 0): Promise<string[]> {
    const now = Date.now();
    const members = this.liveMembers(index, now);
    members.set(member, now + ttlMs);
    // The index lives as long as its longest-lived member (0 when the index is new).
    this.indexes.set(index, members, { ttl: Math.max(ttlMs, this.indexes.getRemainingTTL(index)) });
    const excess = maxMembers > 0 ? members.size - maxMembers : 0;
    if (excess <= 0) return Promise.resolve([]);
    const evicted = [...members]
      .filter(([other]) => other !== member)
      .sort(([, a], [, b]) => a - b)
      .slice(0, excess)
      .map(([other]) => other);
    for (const other of evicted) members.delete(other);
    return Promise.resolve(evicted);
  }

  indexMembers(index: string): Promise<string[]> {
    return Promise.resolve([...this.liveMembers(index, Date.now()).keys()]);
  }

  /** The index's members whose ttl has not run out; the others are dropped on the way. */
  private liveMembers(index: string, now: number): Map<string, number> {
    const members = this.indexes.get(index) ?? new Map<string, number>();
    for (const [member, expiresAt] of members) if (expiresAt <= now) members.delete(member);
    return members;
  }

  removeFromIndex(index: string, member: string): Promise<void> {
    this.indexes.get(index)?.delete(member);
    return Promise.resolve();
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.values.clear();
    this.indexes.clear();
    return Promise.resolve();
  }
}
