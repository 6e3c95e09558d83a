import type { Response } from 'express';
import type { IdempotentResult } from './idempotent-requests';

/**
 * A replayed write is the first answer again, status included (a create's `201` stays `201`), marked
 * `Idempotent-Replayed: true`: a client that lost the first answer gets exactly what it would have had.
 */
export function idempotentAnswer<T>(result: IdempotentResult<T>, response: Response): T {
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return result.value;
}
