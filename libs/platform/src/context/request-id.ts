import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

type RequestWithId = IncomingMessage & { id?: unknown };

/**
 * The request id is taken from `X-Request-Id` when it is safe to log, otherwise generated. It is resolved once
 * and kept on `req.id`, so the logger, the context store and the error filter all agree on it.
 */
export function resolveRequestId(req: RequestWithId): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  return id;
}

/**
 * Continues the caller's W3C trace with a new span for this hop, or starts a trace when there is none
 * (or it is malformed or all-zero, which the spec says to ignore).
 */
export function childTraceparent(incoming: string | string[] | undefined): string {
  const match = typeof incoming === 'string' ? TRACEPARENT.exec(incoming) : null;
  const spanId = randomBytes(8).toString('hex');
  if (match && !/^0+$/.test(match[1]) && !/^0+$/.test(match[2])) {
    return `00-${match[1]}-${spanId}-${match[3]}`;
  }
  return `00-${randomBytes(16).toString('hex')}-${spanId}-01`;
}
