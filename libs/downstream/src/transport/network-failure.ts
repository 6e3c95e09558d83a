import type { DownstreamErrorKind } from '../errors/downstream-error';

/** What an undici request that rejected before any answer ran into. */
export function networkFailureKind(error: unknown, signal: AbortSignal): DownstreamErrorKind {
  // Our own timeouts abort the request through its signal; undici then rejects with an abort error.
  if (signal.aborted) return 'timeout';
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  return 'network';
}
