import { Logger } from '@nestjs/common';
import { type RedisConnection, connectRedis } from '@facet/platform';
import { Cluster, type Redis } from 'ioredis';
import type { CachedProduct, ProductStore } from './product-store';

const COMMAND_TIMEOUT_MS = 250;
const CONNECT_WAIT_MS = 2000;
/**
 * Commands sent to Redis and not yet answered beyond which the store does nothing more until Redis catches up.
 * The cache's writes follow the answers they fill (nobody waits on them), so under overload a process would
 * queue them faster than Redis answers and hold every value it sent (a partner-bff under bench:load reached
 * 3.8 GB RSS, its client holding some 230,000 unanswered commands); reads then waited behind the writes, timed out
 * as misses, and made more writes.
 */
export const MAX_PENDING_COMMANDS = 1000;

/** The store is behind: a lookup is a miss, a write is dropped, until Redis has answered what it was sent. */
export class ProductStoreBacklogError extends Error {
  override readonly name = 'ProductStoreBacklogError';
}

/**
 * Products in Redis, shared by every instance of the app. Built to never hold a request up: commands are
 * not queued while disconnected and time out quickly; a failure is thrown to the cache, which treats it
 * as a miss.
 */
export class RedisProductStore implements ProductStore {
  private readonly logger = new Logger('DownstreamProductCache');
  private readonly redis: RedisConnection;
  private healthy = true;

  constructor(
    url: string,
    private readonly keyPrefix: string,
  ) {
    this.redis = connectRedis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      // ioredis waits this long for a dead socket to close on shutdown; its 2 s default delays exit.
      disconnectTimeout: 200,
    });
    this.redis.on('error', (error: Error) => {
      if (this.healthy) this.logger.warn(`Redis product cache unavailable: ${error.message}`);
      this.healthy = false;
    });
    this.redis.on('ready', () => (this.healthy = true));
  }

  /** Waits for the first connection, bounded: a Redis that is down at start-up must not keep the app down. */
  async open(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, CONNECT_WAIT_MS);
      this.redis.once('ready', done);
    });
  }

  /**
   * One MGET on a single server. A cluster spreads the products over its slots, and a command or pipeline may
   * name one slot only: there, one GET per product, sent together (ioredis routes each to its node).
   */
  async getMany(ids: readonly string[]): Promise<(CachedProduct | undefined)[]> {
    if (ids.length === 0) return [];
    this.refuseWhenBehind();
    const keys = ids.map((id) => this.keyPrefix + id);
    const values = this.redis instanceof Cluster ? await Promise.all(keys.map((key) => this.redis.get(key))) : await this.redis.mget(keys);
    return values.map((value) => (value === null ? undefined : parse(value)));
  }

  async setMany(entries: readonly CachedProduct[], retainMs: number): Promise<void> {
    if (entries.length === 0) return;
    this.refuseWhenBehind();
    const ttl = Math.ceil(retainMs);
    if (this.redis instanceof Cluster) {
      await Promise.all(entries.map((entry) => this.redis.set(this.keyPrefix + entry.product.id, JSON.stringify(entry), 'PX', ttl)));
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const entry of entries) pipeline.set(this.keyPrefix + entry.product.id, JSON.stringify(entry), 'PX', ttl);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  /** Commands waiting for an answer, on the server or on every node of a cluster. */
  pendingCommands(): number {
    const connections: Redis[] = this.redis instanceof Cluster ? this.redis.nodes() : [this.redis];
    return connections.reduce((sum, connection) => sum + connection.commandQueue.length, 0);
  }

  private refuseWhenBehind(): void {
    if (this.pendingCommands() >= MAX_PENDING_COMMANDS) throw new ProductStoreBacklogError(`${MAX_PENDING_COMMANDS} commands unanswered`);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function parse(value: string): CachedProduct | undefined {
  try {
    const entry = JSON.parse(value) as Partial<CachedProduct>;
    return typeof entry.storedAt === 'number' && typeof entry.product?.id === 'string' ? (entry as CachedProduct) : undefined;
  } catch {
    return undefined;
  }
}
