import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { FacetError } from '../errors/facet-error';
import { REDIS_CLIENT_OPTIONS } from '../redis/redis-client-options';
import { type RedisConnection, connectRedis } from '../redis/redis-connection';

/**
 * One step on the server, so replicas counting the same tracker never lose a hit. A fixed window per key: the
 * first hit starts it (`ttl` ms). A hit beyond `limit` blocks the key for `blockDuration` ms (none: until the
 * window ends) and restarts its count, so counting starts afresh once the block ends, as in the library's
 * in-memory storage; hits while blocked are refused and not counted.
 * KEYS: hits, block. ARGV: ttl, limit, blockDuration. Answers totalHits, window ms left, blocked (0/1), block ms left.
 */
const INCREMENT = `
local ttl, limit, block_duration = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local block_left = redis.call('pttl', KEYS[2])
if block_left > 0 then
  return { limit + 1, block_left, 1, block_left }
end
local hits = redis.call('incr', KEYS[1])
local window_left = redis.call('pttl', KEYS[1])
if window_left < 0 then
  redis.call('pexpire', KEYS[1], ttl)
  window_left = ttl
end
if hits <= limit then
  return { hits, window_left, 0, 0 }
end
if block_duration <= 0 then
  return { hits, window_left, 1, window_left }
end
redis.call('set', KEYS[2], 1, 'PX', block_duration)
redis.call('del', KEYS[1])
return { hits, window_left, 1, block_duration }`;

/** The library exports the storage interface but not its record type. */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Answered when the limiter cannot count: refusing is safer than letting every request through unlimited. */
export class RateLimiterUnavailableError extends FacetError {
  override readonly name = 'RateLimiterUnavailableError';
  constructor(cause: unknown) {
    super('RATE_LIMITER_UNAVAILABLE', 'The rate limiter is unavailable; retry shortly', 503);
    this.cause = cause;
  }
}

/**
 * `@nestjs/throttler` storage in Redis, shared by every replica of an app, for whatever the guard tracks (a
 * client IP, a partner id): each key counts on its own. Keys are namespaced by `prefix`.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly redis: RedisConnection;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = connectRedis(url, REDIS_CLIENT_OPTIONS);
    // Connection errors surface on commands; without a listener ioredis would log each retry.
    this.redis.on('error', () => undefined);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    // The script reads two keys: one hash tag keeps them in one slot of a Redis Cluster.
    const base = `${this.prefix}{${throttlerName}:${key}}`;
    let answer: [number, number, number, number];
    try {
      answer = (await this.redis.eval(
        INCREMENT,
        2,
        `${base}:hits`,
        `${base}:blocked`,
        Math.ceil(ttl),
        limit,
        Math.ceil(blockDuration),
      )) as [number, number, number, number];
    } catch (error) {
      throw new RateLimiterUnavailableError(error);
    }
    const [totalHits, windowLeftMs, blocked, blockLeftMs] = answer;
    // Seconds, as the guard expects (it sends timeToBlockExpire as Retry-After).
    return {
      totalHits,
      timeToExpire: Math.ceil(windowLeftMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockLeftMs / 1000),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
