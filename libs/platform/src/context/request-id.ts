import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

type RequestWithId = IncomingMessage & { id?: unknown };

/**
 * Random bytes drawn 4 KiB at a time, each handed out once: trace and span ids are as unpredictable as
 * `randomBytes` makes them, without a call into OpenSSL for every request and every hop (as Node's own
 * `randomUUID` does).
 */
const ENTROPY_POOL_BYTES = 4096;
let entropy = Buffer.alloc(0);
let entropyOffset = 0;

function randomHex(bytes: number): string {
  if (entropyOffset + bytes > entropy.length) {
    entropy = randomBytes(ENTROPY_POOL_BYTES);
    entropyOffset = 0;
  }
  const hex = entropy.toString('hex', entropyOffset, entropyOffset + bytes);
  entropyOffset += bytes;
  return hex;
}

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
  const spanId = randomHex(8);
  if (match && !/^0+$/.test(match[1]) && !/^0+$/.test(match[2])) {
    return `00-${match[1]}-${spanId}-${match[3]}`;
  }
  return `00-${randomHex(16)}-${spanId}-01`;
}
