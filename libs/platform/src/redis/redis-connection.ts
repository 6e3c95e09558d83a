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
  | ({ kind: 'server'; node: RedisNode; db: number } & RedisAuth)
  | ({ kind: 'cluster'; nodes: RedisNode[] } & RedisAuth)
  | ({ kind: 'sentinel'; sentinels: RedisNode[]; masterName: string; db: number } & RedisAuth);

export class RedisUrlError extends Error {
  override readonly name = 'RedisUrlError';
}

// No white space, `?` or `#` anywhere, and no `@` or `/` in the credentials (they must be percent-encoded): a URL
// this reads is the URL the client connects with, and a password never spills into the host list.
const FORM = /^(rediss?)(?:\+(cluster|sentinel))?:\/\/(?:([^:@/?#\s]*)(?::([^@/?#\s]*))?@)?([^@/?#\s]+)(\/[^?#\s]*)?$/;
const NODE = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;

function nodesOf(list: string, defaultPort: number): RedisNode[] {
  return list.split(',').map((entry, index) => {
    const match = NODE.exec(entry);
    const port = Number(match?.[2] ?? defaultPort);
    // Never quote the entry: a mistyped URL's "host" may be part of its password.
    if (!match || port < 1 || port > 65535) throw new RedisUrlError(`host ${index + 1} is not a host[:port]`);
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
}

const decode = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : decodeURIComponent(value);

/** Reads a `REDIS_URL`; throws RedisUrlError naming what is wrong, never quoting the URL or a part of it. */
export function parseRedisUrl(value: string): RedisTarget {
  const match = FORM.exec(value);
  if (!match) {
    throw new RedisUrlError(
      'expected redis://, rediss://, redis+cluster:// or redis+sentinel:// then host:port, without spaces, ? or #, the credentials percent-encoded',
    );
  }
  const [, scheme, topology, username, password, hosts, path = ''] = match;
  let auth: RedisAuth;
  try {
    auth = { username: decode(username), password: decode(password), tls: scheme === 'rediss' };
  } catch {
    throw new RedisUrlError('the credentials are not valid percent-encoding');
  }
  if (topology === undefined) {
    const nodes = nodesOf(hosts, 6379);
    if (nodes.length > 1) throw new RedisUrlError('one host for redis://; name a cluster with redis+cluster://');
    if (!/^(\/\d*)?$/.test(path)) throw new RedisUrlError('the path of redis:// is a database number');
    return { kind: 'server', node: nodes[0], db: Number(path.slice(1) || 0), ...auth };
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
 * Opens what `url` names with `options` (REDIS_CLIENT_OPTIONS, or a store's own), built from the parsed URL so
 * that the client reaches what validation read. On a cluster, commands that name several keys must keep them in
 * one slot (a `{hash tag}`); each store says how it does.
 */
export function connectRedis(url: string, options: RedisOptions): RedisConnection {
  const target = parseRedisUrl(url);
  const auth = { username: target.username, password: target.password, ...(target.tls && { tls: {} }) };
  switch (target.kind) {
    case 'server':
      return new Redis({ ...options, ...auth, host: target.node.host, port: target.node.port, db: target.db });
    case 'cluster': {
      // ioredis's command timeout covers a node's connection, not the cluster's own queue: while the cluster
      // reconnects a queued command would wait for ever. Refused at once instead, it is the store's 503.
      const { enableOfflineQueue: _queue, lazyConnect, ...nodeOptions } = options;
      return new Cluster(target.nodes, {
        enableOfflineQueue: false,
        lazyConnect,
        redisOptions: { ...nodeOptions, ...auth },
        // With TLS, connect by name (ioredis would resolve the seeds to addresses): certificates name hosts.
        ...(target.tls && { dnsLookup: (address: string, callback: (error: null, address: string) => void) => callback(null, address) }),
      });
    }
    case 'sentinel':
      // The URL's password is the master's; Sentinels that require one of their own are not supported here.
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
