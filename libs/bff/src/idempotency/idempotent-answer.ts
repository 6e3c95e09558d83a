import type { Response } from 'express';
import type { IdempotentResult } from './idempotent-requests';

/**
 * A replayed write is the first answer again, marked `Idempotent-Replayed: true`: a client that lost the first
 * answer gets what it would have had. Its status is the route's own (`@HttpCode`, `201` for a create), which is the
 * first answer's: a route that could answer a success with more than one status would have to record it.
 */
export function idempotentAnswer<T>(result: IdempotentResult<T>, response: Response): T {
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return result.value;
}
