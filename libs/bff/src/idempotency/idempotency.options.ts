import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface IdempotencyOptions {
  /** `memory` for one replica; `redis` so every replica sees every record. */
  store: 'memory' | 'redis';
  redisUrl?: string;
  /** Namespace of the records in a shared Redis. */
  keyPrefix?: string;
  /** How long a finished request's answer is kept for replays (default 24 h). */
  ttlSeconds?: number;
  /** How long a request in progress holds its key (default 30 s): a replica that dies mid-request blocks it no longer. */
  lockTtlMs?: number;
  /** How long a retry waits for the first request with its key to finish before a 409 (default 5 s). */
  waitMs?: number;
  /** How often a waiting retry looks again (default 25 ms). */
  pollMs?: number;
  /** Bound of the in-process store (default 10,000 records). */
  maxEntries?: number;
}

export const DEFAULT_IDEMPOTENCY = { ttlSeconds: 86_400, lockTtlMs: 30_000, waitMs: 5000, pollMs: 25, maxEntries: 10_000 } as const;

export const { ConfigurableModuleClass: ConfigurableIdempotencyModule, MODULE_OPTIONS_TOKEN: IDEMPOTENCY_OPTIONS } =
  new ConfigurableModuleBuilder<IdempotencyOptions>().setClassMethodName('forRoot').build();
