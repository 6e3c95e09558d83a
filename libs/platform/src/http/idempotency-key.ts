import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { RequestValidationError } from '../errors/validation';

/** What an `Idempotency-Key` may be, everywhere in Facet: 1–255 visible ASCII characters. */
export const IDEMPOTENCY_KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** The `Idempotency-Key` header: absent, or a valid key; anything else is a 400 naming the header. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && IDEMPOTENCY_KEY_FORMAT.test(value)) return value;
  throw new RequestValidationError([{ field: 'Idempotency-Key', problems: ['Idempotency-Key must be 1 to 255 visible ASCII characters'] }]);
}

/** The request's optional `Idempotency-Key`, checked before a handler sees it or passes it on. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined =>
  parseIdempotencyKey(context.switchToHttp().getRequest<Request>().headers['idempotency-key']),
);

/** The request's `Idempotency-Key`, for writes that must not run twice: missing or malformed is a 400 naming the header. */
export const RequiredIdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const key = parseIdempotencyKey(context.switchToHttp().getRequest<Request>().headers['idempotency-key']);
  if (key === undefined) {
    throw new RequestValidationError([
      {
        field: 'Idempotency-Key',
        problems: ['Idempotency-Key is required: send a new unique key per order, and the same key to retry it'],
      },
    ]);
  }
  return key;
});
