import { randomUUID } from 'node:crypto';
import { startSilentRedis, testRedisUrl } from '@facet/testing';
import { RateLimiterUnavailableError, RedisThrottlerStorage } from './redis-throttler.storage';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisThrottlerStorage (real Redis)', () => {
  let storage: RedisThrottlerStorage;

  beforeEach(() => {
    storage = new RedisThrottlerStorage(testRedisUrl(), `facet-test:${randomUUID()}:`);
  });
  afterEach(() => storage.onApplicationShutdown());

  it('counts hits within the window and blocks the hit beyond the limit, for the block duration', async () => {
    const first = await storage.increment('client', 60_000, 2, 30_000, 'login');
    expect(first).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect((await storage.increment('client', 60_000, 2, 30_000, 'login')).isBlocked).toBe(false);

    const third = await storage.increment('client', 60_000, 2, 30_000, 'login');
    expect(third).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 30 });
    expect(await storage.increment('client', 60_000, 2, 30_000, 'login')).toMatchObject({ isBlocked: true });
  });

  it('counts each tracker and each throttler on its own', async () => {
    await storage.increment('client-a', 60_000, 1, 60_000, 'login');
    expect((await storage.increment('client-a', 60_000, 1, 60_000, 'login')).isBlocked).toBe(true);
    expect((await storage.increment('client-b', 60_000, 1, 60_000, 'login')).isBlocked).toBe(false);
    expect((await storage.increment('client-a', 60_000, 1, 60_000, 'partner')).isBlocked).toBe(false);
  });

  it('starts a new window when the last one ends', async () => {
    await storage.increment('client', 50, 1, 50, 'login');
    expect((await storage.increment('client', 50, 1, 50, 'login')).isBlocked).toBe(true);
    await sleep(120);
    expect(await storage.increment('client', 50, 1, 50, 'login')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('counts afresh once a block ends, even inside a window that is still running', async () => {
    await storage.increment('client', 60_000, 1, 50, 'login');
    expect((await storage.increment('client', 60_000, 1, 50, 'login')).isBlocked).toBe(true);
    await sleep(120);
    expect(await storage.increment('client', 60_000, 1, 50, 'login')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('without a block duration, refuses until the window ends', async () => {
    await storage.increment('client', 60_000, 1, 0, 'login');
    expect(await storage.increment('client', 60_000, 1, 0, 'login')).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
  });

  it('counts every one of many concurrent hits (atomic on the server)', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => storage.increment('client', 60_000, 100, 60_000, 'login')));
    expect(answers.map((answer) => answer.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('answers 503 when Redis cannot be reached, rather than letting requests through unlimited', async () => {
    const unreachable = new RedisThrottlerStorage('redis://127.0.0.1:1', 'facet-test:');
    await expect(unreachable.increment('client', 60_000, 1, 60_000, 'login')).rejects.toBeInstanceOf(RateLimiterUnavailableError);
    await unreachable.onApplicationShutdown();
  });
});

describe('RedisThrottlerStorage with a Redis that never answers (paused, partitioned)', () => {
  it('refuses with 503 RATE_LIMITER_UNAVAILABLE within its command timeout instead of holding the request', async () => {
    const silent = await startSilentRedis();
    const storage = new RedisThrottlerStorage(silent.url, 'facet-test:');
    try {
      await expect(storage.increment('client', 60_000, 2, 30_000, 'login')).rejects.toBeInstanceOf(RateLimiterUnavailableError);
    } finally {
      await storage.onApplicationShutdown();
      await silent.close();
    }
  });
});
