import Redis from 'ioredis';
import type { KeyValueStore } from './key-value.store';

/** Redis wants a whole, positive number of milliseconds. */
function px(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}

/** Compare-and-delete in one step on the server: a separate GET then DEL could delete a value set in between. */
const DELETE_IF_EQUALS = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** Redis-backed store shared by every replica of a BFF. Keys are namespaced by `prefix`. */
export class RedisKeyValueStore implements KeyValueStore {
  readonly sharedOutsideProcess = true;
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    // Connection errors surface on commands and in readiness; without a listener ioredis would log each retry.
    this.redis.on('error', () => undefined);
  }

  private k(key: string): string {
    return `${this.prefix}${key}`;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.k(key))) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.k(key), value, 'PX', px(ttlMs));
  }

  async take(key: string): Promise<string | undefined> {
    return (await this.redis.getdel(this.k(key))) ?? undefined;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.k(key), value, 'PX', px(ttlMs), 'NX')) === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.k(key));
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    return (await this.redis.eval(DELETE_IF_EQUALS, 1, this.k(key), value)) === 1;
  }

  async addToIndex(index: string, member: string, ttlMs: number): Promise<void> {
    const key = this.k(index);
    // The index lives as long as its longest-lived member.
    await this.redis.multi().sadd(key, member).pexpire(key, px(ttlMs), 'GT').pexpire(key, px(ttlMs), 'NX').exec();
  }

  indexMembers(index: string): Promise<string[]> {
    return this.redis.smembers(this.k(index));
  }

  async removeFromIndex(index: string, member: string): Promise<void> {
    await this.redis.srem(this.k(index), member);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
