import { Cluster, Redis } from 'ioredis';
import { RedisUrlError, connectRedis, isProtectedRedisUrl, parseRedisUrl } from './redis-connection';

describe('parseRedisUrl', () => {
  it('reads one server, with TLS and credentials as given', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toEqual({ kind: 'server', url: 'redis://127.0.0.1:6379', tls: false });
    expect(parseRedisUrl('rediss://facet:s%40cret@redis.internal:6380/2')).toEqual({
      kind: 'server',
      url: 'rediss://facet:s%40cret@redis.internal:6380/2',
      username: 'facet',
      password: 's@cret',
      tls: true,
    });
  });

  it('reads a cluster by its seed nodes, the port defaulting to 6379', () => {
    expect(parseRedisUrl('redis+cluster://:pw@10.0.0.1:7000,10.0.0.2,[::1]:7002')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 6379 },
        { host: '::1', port: 7002 },
      ],
      password: 'pw',
      tls: false,
    });
    expect(parseRedisUrl('rediss+cluster://redis-0.redis:6379/')).toMatchObject({ kind: 'cluster', tls: true });
  });

  it('reads a Sentinel set, its master name and database', () => {
    expect(parseRedisUrl('redis+sentinel://:pw@sentinel-0:26379,sentinel-1/facet-master/3')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 'sentinel-0', port: 26379 },
        { host: 'sentinel-1', port: 26379 },
      ],
      masterName: 'facet-master',
      db: 3,
      password: 'pw',
      tls: false,
    });
  });

  it.each([
    ['another scheme', 'http://redis:6379'],
    ['several hosts for one server', 'redis://a:6379,b:6379'],
    ['a port out of range', 'redis://a:70000'],
    ['a host that is not one', 'redis+cluster://a:1,b c:2'],
    ['a sentinel set without its master', 'redis+sentinel://s:26379'],
    ['a database that is not a number', 'redis+sentinel://s:26379/master/x'],
    ['a cluster with a database', 'redis+cluster://a:7000/1'],
  ])('refuses %s, saying what is wrong without echoing the URL', (_, url) => {
    expect(() => parseRedisUrl(url)).toThrow(RedisUrlError);
    try {
      parseRedisUrl(url);
    } catch (error) {
      expect((error as Error).message).not.toContain(url);
    }
  });
});

describe('isProtectedRedisUrl', () => {
  it.each([
    ['rediss://redis:6380', true],
    ['redis://:pw@redis:6379', true],
    ['redis+cluster://:pw@a:7000,b:7001', true],
    ['rediss+sentinel://s:26379/m', true],
    ['redis://redis:6379', false],
    ['redis://:%20@redis:6379', false],
    ['redis+cluster://a:7000', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isProtectedRedisUrl(url)).toBe(expected);
  });
});

describe('connectRedis', () => {
  it('opens a cluster client for a cluster and a server client otherwise, connecting only when asked', () => {
    const cluster = connectRedis('redis+cluster://127.0.0.1:1,127.0.0.1:2', { lazyConnect: true });
    const server = connectRedis('redis://127.0.0.1:1', { lazyConnect: true });
    const sentinel = connectRedis('redis+sentinel://127.0.0.1:1/master', { lazyConnect: true });
    expect(cluster).toBeInstanceOf(Cluster);
    expect(server).toBeInstanceOf(Redis);
    expect(sentinel).toBeInstanceOf(Redis);
    expect(sentinel.options).toMatchObject({ name: 'master', sentinels: [{ host: '127.0.0.1', port: 1 }] });
    for (const client of [cluster, server, sentinel]) client.disconnect();
  });
});
