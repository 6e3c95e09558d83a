import type { Response } from 'express';
import type { IdempotentResult } from './idempotent-requests';

/** A replayed write answers 200 with `Idempotent-Replayed: true` (the first answer again); a new one keeps its own status. */
export function idempotentAnswer<T>(result: IdempotentResult<T>, response: Response): T {
  if (result.replayed) response.status(200).setHeader('Idempotent-Replayed', 'true');
  return result.value;
}
