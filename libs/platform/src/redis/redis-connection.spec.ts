import { Cluster, Redis } from 'ioredis';
import { RedisUrlError, connectRedis, isProtectedRedisUrl, parseRedisUrl } from './redis-connection';

describe('parseRedisUrl', () => {
  it('reads one server, with TLS and credentials as given', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toEqual({ kind: 'server', node: { host: '127.0.0.1', port: 6379 }, db: 0, tls: false });
    expect(parseRedisUrl('rediss://facet:s%40cret%2F@redis.internal:6380/2')).toEqual({
      kind: 'server',
      node: { host: 'redis.internal', port: 6380 },
      db: 2,
      username: 'facet',
      password: 's@cret/',
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
    ['a database that is not a number', 'redis://a:6379/abc'],
    ['a path after the database', 'redis://a:6379/0/extra'],
    ['a query the client would read differently', 'redis://us?er:pw@host:6379'],
    ['a fragment', 'redis://:pa#ss@host:6379'],
    ['white space', ' redis://host:6379'],
    ['credentials that are not percent-encoding', 'redis://:%zz@host:6379'],
  ])('refuses %s', (_, url) => {
    expect(() => parseRedisUrl(url)).toThrow(RedisUrlError);
  });

  it.each([
    ['an unencoded / in the password', 'redis://:Zm9v/YmFy@redis:6379', ['Zm9v', 'YmFy']],
    ['an unencoded @ in the password', 'redis://:p@ss@host:6379', ['ss@host', 'p@ss']],
    ['a host list that holds the password', 'redis+cluster://a:1,s3cretpw:x', ['s3cretpw']],
  ])('never quotes any part of a URL it refuses: %s', (_, url, secrets) => {
    let message = '';
    try {
      parseRedisUrl(url);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    for (const secret of secrets) expect(message).not.toContain(secret);
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
    expect(server.options).toMatchObject({ host: '127.0.0.1', port: 1, db: 0 });
    for (const client of [cluster, server, sentinel]) client.disconnect();
  });

  it('refuses a command at once while a cluster cannot be reached, never queueing it', async () => {
    const cluster = connectRedis('redis+cluster://127.0.0.1:1', { commandTimeout: 1000, enableOfflineQueue: true });
    cluster.on('error', () => undefined);
    try {
      await expect(cluster.get('any')).rejects.toThrow();
    } finally {
      cluster.disconnect();
    }
  });
});
