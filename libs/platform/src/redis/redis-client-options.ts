import type { RedisOptions } from 'ioredis';

/**
 * How every Facet app talks to Redis. A Redis that stops answering (paused, partitioned) must fail a request
 * within about a second, never hold it: each command gives up after `commandTimeout`, queued commands included,
 * and the caller maps that to its 503.
 */
export const REDIS_CLIENT_OPTIONS: RedisOptions = {
  commandTimeout: 1000,
  connectTimeout: 2000,
  maxRetriesPerRequest: 2,
  enableOfflineQueue: true,
  // How long quit() waits for a dead socket to close: its 2 s default delays a shutdown.
  disconnectTimeout: 200,
};
