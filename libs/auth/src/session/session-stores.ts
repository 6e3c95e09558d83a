import type { KeyValueStore } from './key-value.store';
import { MemoryKeyValueStore } from './memory.store';
import { RedisKeyValueStore } from './redis.store';
import type { WebSessionOptions } from './web-session.options';

/** Where sessions, their activity, refresh locks and logout-token markers live. */
export function createSessionStore(options: WebSessionOptions): KeyValueStore {
  if (options.store === 'redis') {
    if (!options.redisUrl) throw new Error('the redis session store needs a redisUrl');
    return new RedisKeyValueStore(options.redisUrl, options.keyPrefix ?? `facet:${options.clientId}:`);
  }
  return new MemoryKeyValueStore(options.maxEntries);
}

/**
 * Where pending logins live. In memory they get an LRU of their own with the same bound: anyone can start a
 * login without a session, so a flood of them must push out only other pending logins, never live sessions.
 * Redis does not evict by recency (keys leave at their TTL), so there they share the session store.
 */
export function createPendingLoginStore(sessionStore: KeyValueStore, options: WebSessionOptions): KeyValueStore {
  return options.store === 'memory' ? new MemoryKeyValueStore(options.maxEntries) : sessionStore;
}
