import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RedisConnection, connectRedis } from '@facet/platform';
import { slotRanges, startSentinelSet, testRedisClusterUrl } from '@facet/testing';
import { type Cluster, Redis } from 'ioredis';

/**
 * The run's Redis Cluster (test/run-setup.ts), on which the replica suites keep their shared state, is a cluster
 * in earnest: three masters that each serve a third of the slots, so keys of one store land on different nodes
 * and a command naming keys of two slots is refused, as in production.
 */
describe("the test run's Redis Cluster", () => {
  const url = testRedisClusterUrl();
  const cluster = connectRedis(url, { maxRetriesPerRequest: 1 });

  // A cluster client refuses commands until it has learnt the slots (it queues none: see connectRedis).
  beforeAll(async () => {
    if (cluster.status !== 'ready') await once(cluster, 'ready');
  });
  afterAll(() => cluster.disconnect());

  it('is three masters that split the slots between them', async () => {
    const ports = url
      .replace('redis+cluster://', '')
      .split(',')
      .map((node) => Number(node.split(':')[1]));
    expect(ports).toHaveLength(3);
    const seed = new Redis(ports[0], '127.0.0.1', { maxRetriesPerRequest: 1 });
    try {
      const slots = (await seed.call('CLUSTER', 'SLOTS')) as [number, number, [string, number, string]][];
      const byPort = slots.map(([from, to, [, port]]) => [port, from, to]).sort((x, y) => Number(x[1]) - Number(y[1]));
      expect(byPort.map(([, from, to]) => [from, to])).toEqual(slotRanges(3));
      expect(new Set(byPort.map(([port]) => port))).toEqual(new Set(ports));
    } finally {
      seed.disconnect();
    }
  });

  it('spreads the keys of one prefix over every node, and refuses a command across slots', async () => {
    const prefix = `facet-test:cluster:${Date.now()}:`;
    await Promise.all(Array.from({ length: 30 }, (_, i) => cluster.set(`${prefix}${i}`, String(i), 'PX', 60_000)));
    const nodes = (cluster as Cluster).nodes('master');
    const held = await Promise.all(nodes.map(async (node) => (await node.keys(`${prefix}*`)).length));
    expect(held.every((count) => count > 0)).toBe(true);
    expect(held.reduce((sum, count) => sum + count, 0)).toBe(30);
    await expect(cluster.mget(`${prefix}1`, `${prefix}2`, `${prefix}3`)).rejects.toThrow(/CROSSSLOT/);
  });
});

/**
 * A Sentinel set names its master: a `redis+sentinel://` REDIS_URL reaches the server the Sentinel watches (one
 * Sentinel, quorum 1, over a Redis of the suite's own). Fail-over itself is ioredis's, and not exercised here.
 */
describe('a Redis reached through Sentinel', () => {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'facet-sentinel-'));
  let sentinelSet: Awaited<ReturnType<typeof startSentinelSet>>;
  let master: Redis;
  let viaSentinel: RedisConnection;

  beforeAll(async () => {
    sentinelSet = await startSentinelSet(workDir, 'facet-test');
    master = new Redis(sentinelSet.masterUrl, { maxRetriesPerRequest: 1 });
    viaSentinel = connectRedis(sentinelSet.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    viaSentinel?.disconnect();
    master?.disconnect();
    await sentinelSet?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('writes to the master the Sentinel names', async () => {
    await viaSentinel.set('facet-test:sentinel', 'through the sentinel');
    expect(await master.get('facet-test:sentinel')).toBe('through the sentinel');
  });
});
