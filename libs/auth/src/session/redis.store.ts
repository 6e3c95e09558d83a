import { REDIS_CLIENT_OPTIONS, type RedisConnection, connectRedis } from '@facet/platform';
import type { KeyValueStore } from './key-value.store';
import { SessionStoreUnavailableError } from './session.errors';

/** Redis wants a whole, positive number of milliseconds. */
function px(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}

/** Compare-and-delete in one step on the server: a separate GET then DEL could delete a value set in between. */
const DELETE_IF_EQUALS = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** Set-if-equals in one step on the server, for the same reason. */
const SET_IF_EQUALS = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0`;

/**
 * Indexes are sorted sets scored by each member's expiry, so a member leaves with its session. Every index script
 * starts here: `now` from the server's clock (replicas' clocks may differ) in microseconds (so members added one
 * after the other never tie and the order of their ends is the order they were added in), and an index written
 * as a plain set by an earlier version converted in place, its members given the old set's own expiry (the
 * longest any of them had).
 */
const INDEX_PRELUDE = `
local key = KEYS[1]
local time = redis.call('time')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
if redis.call('type', key).ok == 'set' then
  local members = redis.call('smembers', key)
  local ttl = redis.call('pttl', key)
  redis.call('del', key)
  if ttl > 0 then
    for _, member in ipairs(members) do redis.call('zadd', key, now + ttl * 1000, member) end
    redis.call('pexpire', key, ttl)
  end
end
redis.call('zremrangebyscore', key, '-inf', now)
`;

/** ARGV: member, ttl (ms), max members (0: no bound). Answers the members evicted to keep the bound. */
const ADD_TO_INDEX = `${INDEX_PRELUDE}
local member = ARGV[1]
local ttl = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
redis.call('zadd', key, now + ttl * 1000, member)
redis.call('pexpire', key, ttl, 'GT')
redis.call('pexpire', key, ttl, 'NX')
local evicted = {}
local excess = max > 0 and redis.call('zcard', key) - max or 0
if excess > 0 then
  for _, candidate in ipairs(redis.call('zrange', key, 0, excess)) do
    if #evicted < excess and candidate ~= member then table.insert(evicted, candidate) end
  end
  redis.call('zrem', key, unpack(evicted))
end
return evicted`;

const INDEX_MEMBERS = `${INDEX_PRELUDE}
return redis.call('zrange', key, 0, -1)`;

const REMOVE_FROM_INDEX = `${INDEX_PRELUDE}
redis.call('zrem', key, ARGV[1])
return 0`;

/** Redis-backed store shared by every replica of a BFF. Keys are namespaced by `prefix`. */
export class RedisKeyValueStore implements KeyValueStore {
  readonly sharedOutsideProcess = true;
  private readonly redis: RedisConnection;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // One key per command and per script: any of REDIS_URL's forms, a cluster's included.
    this.redis = connectRedis(url, REDIS_CLIENT_OPTIONS);
    // Connection errors surface on commands and in readiness; without a listener ioredis would log each retry.
    this.redis.on('error', () => undefined);
  }

  /** A store that cannot be reached is a 503 the client may retry, not a 500: nothing about the request was wrong. */
  private async command<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new SessionStoreUnavailableError(error);
    }
  }

  private k(key: string): string {
    return `${this.prefix}${key}`;
  }

  async get(key: string): Promise<string | undefined> {
    return this.command(async () => (await this.redis.get(this.k(key))) ?? undefined);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.command(() => this.redis.set(this.k(key), value, 'PX', px(ttlMs)));
  }

  async take(key: string): Promise<string | undefined> {
    return this.command(async () => (await this.redis.getdel(this.k(key))) ?? undefined);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.command(async () => (await this.redis.set(this.k(key), value, 'PX', px(ttlMs), 'NX')) === 'OK');
  }

  async delete(key: string): Promise<void> {
    await this.command(() => this.redis.del(this.k(key)));
  }

  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    return this.command(async () => (await this.redis.eval(DELETE_IF_EQUALS, 1, this.k(key), value)) === 1);
  }

  async setIfEquals(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return this.command(async () => (await this.redis.eval(SET_IF_EQUALS, 1, this.k(key), expected, value, px(ttlMs))) === 1);
  }

  async addToIndex(index: string, member: string, ttlMs: number, maxMembers = 0): Promise<string[]> {
    return this.command(async () => (await this.redis.eval(ADD_TO_INDEX, 1, this.k(index), member, px(ttlMs), maxMembers)) as string[]);
  }

  async indexMembers(index: string): Promise<string[]> {
    return this.command(async () => (await this.redis.eval(INDEX_MEMBERS, 1, this.k(index))) as string[]);
  }

  async removeFromIndex(index: string, member: string): Promise<void> {
    await this.command(() => this.redis.eval(REMOVE_FROM_INDEX, 1, this.k(index), member));
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
