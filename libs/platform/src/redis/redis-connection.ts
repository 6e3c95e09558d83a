import { Cluster, Redis, type RedisOptions } from 'ioredis';

interface RedisNode {
  host: string;
  port: number;
}

interface RedisAuth {
  username?: string;
  password?: string;
  tls: boolean;
}

/**
 * Where an app's shared state lives, as `REDIS_URL` names it:
 * - `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS): one Redis server;
 * - `redis+cluster://[user:password@]host:port,host:port…` or `rediss+cluster://…`: a Redis Cluster, by any of its
 *   nodes (the rest are discovered);
 * - `redis+sentinel://[user:password@]host:port,host:port…/<master name>[/db]` or `rediss+sentinel://…`: the
 *   master a Sentinel set names, followed through fail-overs (the password is the master's).
 */
export type RedisTarget =
  | ({ kind: 'server'; url: string } & RedisAuth)
  | ({ kind: 'cluster'; nodes: RedisNode[] } & RedisAuth)
  | ({ kind: 'sentinel'; sentinels: RedisNode[]; masterName: string; db: number } & RedisAuth);

export class RedisUrlError extends Error {
  override readonly name = 'RedisUrlError';
}

const FORM = /^(rediss?)(?:\+(cluster|sentinel))?:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)(\/[^?#]*)?$/;
const NODE = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;

function nodesOf(list: string, defaultPort: number): RedisNode[] {
  return list.split(',').map((entry) => {
    const match = NODE.exec(entry);
    const port = Number(match?.[2] ?? defaultPort);
    if (!match || port < 1 || port > 65535) throw new RedisUrlError(`"${entry}" is not a host[:port]`);
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
}

const decode = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : decodeURIComponent(value);

/** Reads a `REDIS_URL`; throws RedisUrlError naming what is wrong (never echoing a password). */
export function parseRedisUrl(value: string): RedisTarget {
  const match = FORM.exec(value.trim());
  if (!match) throw new RedisUrlError('expected redis://, rediss://, redis+cluster:// or redis+sentinel:// followed by host:port');
  const [, scheme, topology, username, password, hosts, path = ''] = match;
  const auth: RedisAuth = { username: decode(username), password: decode(password), tls: scheme === 'rediss' };
  if (topology === undefined) {
    nodesOf(hosts, 6379);
    if (hosts.includes(',')) throw new RedisUrlError('one host for redis://; name a cluster with redis+cluster://');
    return { kind: 'server', url: value.trim(), ...auth };
  }
  if (topology === 'cluster') {
    if (path !== '' && path !== '/') throw new RedisUrlError('a cluster has no database number or path');
    return { kind: 'cluster', nodes: nodesOf(hosts, 6379), ...auth };
  }
  const [masterName, db = '0', ...rest] = path.replace(/^\//, '').split('/');
  if (!masterName || rest.length > 0 || !/^\d+$/.test(db)) throw new RedisUrlError('redis+sentinel:// needs /<master name>[/<db>]');
  return { kind: 'sentinel', sentinels: nodesOf(hosts, 26379), masterName: decodeURIComponent(masterName), db: Number(db), ...auth };
}

/** A connection to one server, a cluster or a Sentinel set's master: the commands Facet uses work on each. */
export type RedisConnection = Redis | Cluster;

/**
 * Opens what `url` names with `options` (REDIS_CLIENT_OPTIONS, or a store's own). On a cluster, commands that
 * name several keys must keep them in one slot (a `{hash tag}`); each store says how it does.
 */
export function connectRedis(url: string, options: RedisOptions): RedisConnection {
  const target = parseRedisUrl(url);
  const auth = { username: target.username, password: target.password, ...(target.tls && { tls: {} }) };
  switch (target.kind) {
    case 'server':
      return new Redis(url, options);
    case 'cluster': {
      // What governs the cluster as a whole goes to the cluster, the rest to each node's connection.
      const { enableOfflineQueue, lazyConnect, ...nodeOptions } = options;
      return new Cluster(target.nodes, { enableOfflineQueue, lazyConnect, redisOptions: { ...nodeOptions, ...auth } });
    }
    case 'sentinel':
      return new Redis({
        ...options,
        ...auth,
        sentinels: target.sentinels,
        name: target.masterName,
        db: target.db,
        ...(target.tls && { sentinelTLS: {}, enableTLSForSentinelMode: true }),
      });
  }
}

/** Whether a REDIS_URL is protected in transit or by a password (a blank password is none). */
export function isProtectedRedisUrl(value: string): boolean {
  try {
    const target = parseRedisUrl(value);
    return target.tls || (target.password ?? '').trim() !== '';
  } catch {
    return false;
  }
}
