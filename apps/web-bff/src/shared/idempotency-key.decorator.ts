import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { BadRequestError } from '@facet/platform';
import type { Request } from 'express';

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/** The optional `Idempotency-Key` header, checked (1–255 visible ASCII characters) before it is passed on. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<Request>().headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !VALID_KEY.test(value)) {
    throw new BadRequestError('VALIDATION_FAILED', 'Invalid request: Idempotency-Key must be 1-255 visible ASCII characters', {
      fields: [{ field: 'Idempotency-Key', problems: ['must be 1-255 visible ASCII characters'] }],
    });
  }
  return value;
});
