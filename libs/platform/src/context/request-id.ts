import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** W3C trace context: version, trace id, parent id, flags; a later version may append fields after a dash. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const MAX_TRACEPARENT_LENGTH = 512;

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

export interface TraceParent {
  traceId: string;
  parentId: string;
  /** The trace flags, two hex digits (`01`: sampled). */
  flags: string;
}

/**
 * The caller's trace context from a `traceparent` header, as W3C Trace Context reads it: version 00 exactly, a
 * later version by its first four fields; undefined for anything else (version ff, all-zero ids, repeated headers).
 */
export function parseTraceparent(incoming: string | string[] | undefined): TraceParent | undefined {
  if (typeof incoming !== 'string' || incoming.length > MAX_TRACEPARENT_LENGTH) return undefined;
  const match = TRACEPARENT.exec(incoming);
  if (!match || match[1] === 'ff' || (match[1] === '00' && match[5] !== undefined)) return undefined;
  if (/^0+$/.test(match[2]) || /^0+$/.test(match[3])) return undefined;
  return { traceId: match[2], parentId: match[3], flags: match[4] };
}

/** Continues the caller's W3C trace with a new span for this hop, or starts a trace when there is none (or it is invalid). */
export function childTraceparent(incoming: string | string[] | undefined): string {
  const parent = parseTraceparent(incoming);
  const spanId = randomHex(8);
  return parent ? `00-${parent.traceId}-${spanId}-${parent.flags}` : `00-${randomHex(16)}-${spanId}-01`;
}
