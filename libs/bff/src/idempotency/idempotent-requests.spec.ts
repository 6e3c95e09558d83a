import { randomUUID } from 'node:crypto';
import { type KeyValueStore, MemoryKeyValueStore, RedisKeyValueStore } from '@facet/auth';
import { FacetError, NotFoundError } from '@facet/platform';
import { startSilentRedis, testRedisUrl } from '@facet/testing';
import type { IdempotencyOptions } from './idempotency.options';
import {
  IdempotencyKeyReusedError,
  IdempotencyStoreUnavailableError,
  IdempotentRequestInProgressError,
  IdempotentRequests,
  fingerprintOf,
} from './idempotent-requests';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('fingerprintOf', () => {
  it('is the same for the same content whatever the order of its keys, and differs for other content', () => {
    expect(fingerprintOf({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(fingerprintOf({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(fingerprintOf({ a: 1, b: undefined })).toBe(fingerprintOf({ a: 1 }));
    expect(fingerprintOf({ items: [1, 2] })).not.toBe(fingerprintOf({ items: [2, 1] }));
    expect(fingerprintOf({ a: '1' })).not.toBe(fingerprintOf({ a: 1 }));
  });
});

describe.each([
  ['in memory', (): KeyValueStore => new MemoryKeyValueStore(100)],
  ['in Redis', (): KeyValueStore => new RedisKeyValueStore(testRedisUrl(), `facet-test:${randomUUID()}:`)],
])('IdempotentRequests %s', (_name, makeStore) => {
  let store: KeyValueStore;
  const make = (options: Partial<IdempotencyOptions> = {}): IdempotentRequests =>
    new IdempotentRequests(store, { store: 'memory', waitMs: 2000, pollMs: 5, ...options });
  const request = (key = 'k1', content: unknown = { quantity: 1 }) => ({
    scope: 'u_1:create-order',
    key,
    fingerprint: fingerprintOf(content),
  });

  beforeEach(() => (store = makeStore()));
  afterEach(() => store.close());

  it('runs the operation once and replays its answer to a retry with the same key and content', async () => {
    const idempotency = make();
    const operation = jest.fn().mockResolvedValue({ id: 'o_1' });
    await expect(idempotency.run(request(), operation)).resolves.toEqual({ value: { id: 'o_1' }, replayed: false });
    await expect(idempotency.run(request(), operation)).resolves.toEqual({ value: { id: 'o_1' }, replayed: true });
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('refuses the same key with other content with 422, and runs nothing', async () => {
    const idempotency = make();
    await idempotency.run(request('k1', { quantity: 1 }), () => Promise.resolve('first'));
    const operation = jest.fn();
    await expect(idempotency.run(request('k1', { quantity: 2 }), operation)).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(idempotency.run(request('k1', { quantity: 2 }), operation)).rejects.toMatchObject({ status: 422 });
    expect(operation).not.toHaveBeenCalled();
  });

  it('keeps keys of different callers and operations apart', async () => {
    const idempotency = make();
    const operation = jest.fn().mockResolvedValue('done');
    await idempotency.run({ ...request(), scope: 'u_1:create-order' }, operation);
    await idempotency.run({ ...request(), scope: 'u_2:create-order' }, operation);
    await idempotency.run({ ...request(), scope: 'u_1:cancel-order' }, operation);
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it('makes concurrent retries wait for the first and share its answer: the operation runs once', async () => {
    const idempotency = make();
    let runs = 0;
    const operation = async (): Promise<string> => {
      runs++;
      await sleep(100);
      return `order ${runs}`;
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => idempotency.run(request(), operation)));
    expect(runs).toBe(1);
    expect(results.map((result) => result.value)).toEqual(Array(5).fill('order 1'));
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
  });

  it('answers 409 to a retry that waited longer than allowed for the first request', async () => {
    const idempotency = make({ waitMs: 50 });
    const first = idempotency.run(request(), () => sleep(300).then(() => 'slow'));
    await sleep(20);
    await expect(idempotency.run(request(), () => Promise.resolve('second'))).rejects.toBeInstanceOf(IdempotentRequestInProgressError);
    await expect(first).resolves.toEqual({ value: 'slow', replayed: false });
  });

  it('records a final client error and replays it, without running the operation again', async () => {
    const idempotency = make();
    const operation = jest.fn().mockRejectedValue(new NotFoundError('Product', 'p_9'));
    await expect(idempotency.run(request(), operation)).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(idempotency.run(request(), operation)).rejects.toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: 'Product p_9 was not found',
      details: { product: 'p_9' },
    });
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['an outage', new FacetError('DOWNSTREAM_TIMEOUT', 'slow', 504)],
    ['a conflict of state', new FacetError('CONFLICT', 'busy', 409)],
    ['an unexpected error', new TypeError('boom')],
  ])('releases the key after %s, so a retry runs the operation', async (_what, error) => {
    const idempotency = make();
    const operation = jest.fn().mockRejectedValueOnce(error).mockResolvedValueOnce('second try');
    await expect(idempotency.run(request(), operation)).rejects.toBe(error);
    await expect(idempotency.run(request(), operation)).resolves.toEqual({ value: 'second try', replayed: false });
  });

  it('lets a retry in once a claim its owner never finished has expired', async () => {
    const idempotency = make({ lockTtlMs: 100, waitMs: 1000 });
    void idempotency.run(request(), () => new Promise<never>(() => undefined));
    await sleep(20);
    await expect(idempotency.run(request(), () => Promise.resolve('taken over'))).resolves.toEqual({
      value: 'taken over',
      replayed: false,
    });
  });

  it('forgets an answer after its time to live', async () => {
    const idempotency = make({ ttlSeconds: 0.1 });
    const operation = jest.fn().mockResolvedValue('done');
    await idempotency.run(request(), operation);
    await sleep(200);
    await expect(idempotency.run(request(), operation)).resolves.toEqual({ value: 'done', replayed: false });
    expect(operation).toHaveBeenCalledTimes(2);
  });
});

describe('IdempotentRequests with a Redis that does not answer', () => {
  it('refuses the write with 503 and never runs it without a claim', async () => {
    const silent = await startSilentRedis();
    const store = new RedisKeyValueStore(silent.url, 'facet-test:');
    try {
      const operation = jest.fn();
      const idempotency = new IdempotentRequests(store, { store: 'redis' });
      await expect(idempotency.run({ scope: 's', key: 'k', fingerprint: 'f' }, operation)).rejects.toBeInstanceOf(
        IdempotencyStoreUnavailableError,
      );
      expect(operation).not.toHaveBeenCalled();
    } finally {
      await store.close();
      await silent.close();
    }
  });
});
