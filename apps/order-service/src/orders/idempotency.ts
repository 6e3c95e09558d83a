import { Injectable } from '@nestjs/common';
import { FacetError } from '@facet/platform';
import { LRUCache } from 'lru-cache';

export class IdempotencyKeyReusedError extends FacetError {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body', 422);
  }
}

interface Remembered {
  fingerprint: string;
  orderId: string;
}

/**
 * Which order each idempotency key created, per caller (a key is the caller's own, so two callers cannot
 * collide or see each other's orders through one), for a day.
 */
@Injectable()
export class IdempotencyRegistry {
  private readonly entries = new LRUCache<string, Remembered>({ max: 100_000, ttl: 24 * 3_600_000 });

  /** The order created earlier with this key and the same request, or undefined; a different request is a 422. */
  replayOf(caller: string, key: string, fingerprint: string): string | undefined {
    const remembered = this.entries.get(`${caller}\n${key}`);
    if (!remembered) return undefined;
    if (remembered.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    return remembered.orderId;
  }

  remember(caller: string, key: string, fingerprint: string, orderId: string): void {
    this.entries.set(`${caller}\n${key}`, { fingerprint, orderId });
  }
}
