import { type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { FacetError, RequestValidationError } from '@facet/platform';
import type { Request } from 'express';
import { LRUCache } from 'lru-cache';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The `Idempotency-Key` header: absent, or 1–255 visible ASCII characters (anything else is a 400 naming it). */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && KEY.test(value)) return value;
  throw new RequestValidationError([{ field: 'Idempotency-Key', problems: ['Idempotency-Key must be 1 to 255 visible ASCII characters'] }]);
}

export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined =>
  parseIdempotencyKey(context.switchToHttp().getRequest<Request>().headers['idempotency-key']),
);

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
