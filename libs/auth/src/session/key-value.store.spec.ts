import { randomUUID } from 'node:crypto';
import { startSilentRedis, testRedisUrl } from '@facet/testing';
import Redis from 'ioredis';
import type { KeyValueStore } from './key-value.store';
import { MemoryKeyValueStore } from './memory.store';
import { RedisKeyValueStore } from './redis.store';
import { SessionStoreUnavailableError } from './session.errors';

/** The same behaviour is required of every store, so sessions work the same in one replica or many. */
describe.each([
  ['memory', () => new MemoryKeyValueStore(1000)],
  ['redis', () => new RedisKeyValueStore(testRedisUrl(), `facet-test:${randomUUID()}:`)],
])('%s KeyValueStore', (_name, create: () => KeyValueStore) => {
  let store: KeyValueStore;

  beforeAll(() => {
    store = create();
  });
  afterAll(() => store?.close());

  it('gets what it set, and nothing after delete', async () => {
    await store.set('a', '1', 60_000);
    expect(await store.get('a')).toBe('1');
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
  });

  it('expires values after their ttl', async () => {
    await store.set('short', 'x', 30);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await store.get('short')).toBeUndefined();
  });

  it('take() hands a value out once', async () => {
    await store.set('once', 'v', 60_000);
    expect(await store.take('once')).toBe('v');
    expect(await store.take('once')).toBeUndefined();
  });

  it('setIfAbsent() succeeds only for the first writer', async () => {
    expect(await store.setIfAbsent('lock', '1', 60_000)).toBe(true);
    expect(await store.setIfAbsent('lock', '2', 60_000)).toBe(false);
    expect(await store.get('lock')).toBe('1');
  });

  it('deleteIfEquals() deletes only while the key holds the given value', async () => {
    await store.set('owned', 'owner-a', 60_000);
    expect(await store.deleteIfEquals('owned', 'owner-b')).toBe(false);
    expect(await store.get('owned')).toBe('owner-a');
    expect(await store.deleteIfEquals('owned', 'owner-a')).toBe(true);
    expect(await store.get('owned')).toBeUndefined();
    expect(await store.deleteIfEquals('owned', 'owner-a')).toBe(false);
  });

  it('deleteIfEquals() leaves a lock that expired and was taken by another owner', async () => {
    expect(await store.setIfAbsent('expiring-lock', 'first-owner', 30)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await store.setIfAbsent('expiring-lock', 'second-owner', 60_000)).toBe(true);
    expect(await store.deleteIfEquals('expiring-lock', 'first-owner')).toBe(false);
    expect(await store.get('expiring-lock')).toBe('second-owner');
  });

  it('setIfEquals() writes only while the key holds the expected value', async () => {
    await store.set('record', 'read', 60_000);
    expect(await store.setIfEquals('record', 'other', 'rewritten', 60_000)).toBe(false);
    expect(await store.get('record')).toBe('read');
    expect(await store.setIfEquals('record', 'read', 'rewritten', 60_000)).toBe(true);
    expect(await store.get('record')).toBe('rewritten');
    expect(await store.setIfEquals('absent', 'read', 'rewritten', 60_000)).toBe(false);
    expect(await store.get('absent')).toBeUndefined();
  });

  it('keeps index members until removed', async () => {
    await store.addToIndex('idx', 'm1', 60_000);
    await store.addToIndex('idx', 'm2', 60_000);
    expect((await store.indexMembers('idx')).sort()).toEqual(['m1', 'm2']);
    await store.removeFromIndex('idx', 'm1');
    expect(await store.indexMembers('idx')).toEqual(['m2']);
    expect(await store.indexMembers('unknown')).toEqual([]);
  });

  it('keeps an index as long as its longest-lived member when a shorter-lived one joins later', async () => {
    await store.addToIndex('mixed', 'long-lived', 60_000);
    await store.addToIndex('mixed', 'short-lived', 30);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await store.indexMembers('mixed')).toContain('long-lived');
  });

  it('drops each index member at the end of its own ttl', async () => {
    await store.addToIndex('per-member', 'long-lived', 60_000);
    await store.addToIndex('per-member', 'short-lived', 30);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await store.indexMembers('per-member')).toEqual(['long-lived']);
  });

  it('keeps at most maxMembers in an index, evicting those closest to their end and never the new member', async () => {
    expect(await store.addToIndex('capped', 'ends-third', 30_000, 2)).toEqual([]);
    expect(await store.addToIndex('capped', 'ends-first', 10_000, 2)).toEqual([]);
    expect(await store.addToIndex('capped', 'ends-last', 60_000, 2)).toEqual(['ends-first']);
    expect((await store.indexMembers('capped')).sort()).toEqual(['ends-last', 'ends-third']);
    // A newcomer closer to its end than every other member still joins; the next closest leaves.
    expect(await store.addToIndex('capped', 'ends-soonest', 5_000, 2)).toEqual(['ends-third']);
    expect((await store.indexMembers('capped')).sort()).toEqual(['ends-last', 'ends-soonest']);
  });

  it('counts only live members against the bound', async () => {
    await store.addToIndex('capped-expiring', 'gone', 30, 2);
    await store.addToIndex('capped-expiring', 'kept', 60_000, 2);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await store.addToIndex('capped-expiring', 'new', 60_000, 2)).toEqual([]);
    expect((await store.indexMembers('capped-expiring')).sort()).toEqual(['kept', 'new']);
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe('RedisKeyValueStore indexes written by an earlier version (plain sets)', () => {
  const prefix = `facet-test:${randomUUID()}:`;
  const raw = new Redis(testRedisUrl());
  const store = new RedisKeyValueStore(testRedisUrl(), prefix);
  afterAll(async () => {
    await store.close();
    await raw.quit();
  });

  it('reads, extends and shrinks them as sorted sets, each member keeping the old set expiry', async () => {
    await raw.multi().sadd(`${prefix}legacy`, 'old-1', 'old-2').pexpire(`${prefix}legacy`, 60_000).exec();
    expect((await store.indexMembers('legacy')).sort()).toEqual(['old-1', 'old-2']);
    expect(await raw.type(`${prefix}legacy`)).toBe('zset');

    await raw.multi().sadd(`${prefix}legacy-add`, 'old-1').pexpire(`${prefix}legacy-add`, 60_000).exec();
    expect(await store.addToIndex('legacy-add', 'new', 120_000, 1)).toEqual(['old-1']);
    expect(await store.indexMembers('legacy-add')).toEqual(['new']);

    await raw.multi().sadd(`${prefix}legacy-remove`, 'old-1', 'old-2').pexpire(`${prefix}legacy-remove`, 60_000).exec();
    await store.removeFromIndex('legacy-remove', 'old-1');
    expect(await store.indexMembers('legacy-remove')).toEqual(['old-2']);
  });
});

describe('MemoryKeyValueStore bound', () => {
  it('drops the least recently used entries beyond its bound', async () => {
    const store = new MemoryKeyValueStore(2);
    await store.set('a', '1', 60_000);
    await store.set('b', '2', 60_000);
    await store.set('c', '3', 60_000);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('c')).toBe('3');
  });
});

describe('RedisKeyValueStore with a Redis that never answers (paused, partitioned)', () => {
  it('fails each command with 503 SESSION_STORE_UNAVAILABLE within its command timeout instead of holding the request', async () => {
    const silent = await startSilentRedis();
    const store = new RedisKeyValueStore(silent.url, 'facet-test:');
    try {
      await expect(store.get('session:a')).rejects.toBeInstanceOf(SessionStoreUnavailableError);
      await expect(store.addToIndex('subject:u', 'session:a', 60_000, 10)).rejects.toMatchObject({ status: 503 });
    } finally {
      await store.close();
      await silent.close();
    }
  });
});
