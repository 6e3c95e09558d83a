import { FacetError } from '@facet/platform';

/**
 * What went wrong with a downstream call, in words a BFF can branch on. `http-4xx` and `not-found` are the
 * backend's verdict on the request and are passed on faithfully; the rest say the backend could not give one.
 */
export const DOWNSTREAM_ERROR_KINDS = [
  'timeout',
  'refused',
  'network',
  'http-5xx',
  'http-4xx',
  'not-found',
  'circuit-open',
  'bulkhead-full',
  'invalid-response',
  'unauthenticated',
  'credentials-rejected',
] as const;
export type DownstreamErrorKind = (typeof DOWNSTREAM_ERROR_KINDS)[number];

/** Failures that say "the service is struggling": they are retried (reads only) and count towards the circuit. */
export const TRANSIENT_KINDS: ReadonlySet<DownstreamErrorKind> = new Set(['timeout', 'refused', 'network', 'http-5xx']);

/** Failures where a last known value is better than nothing (stale-if-error); a 4xx is an answer, not an outage. */
export const OUTAGE_KINDS: ReadonlySet<DownstreamErrorKind> = new Set([
  'timeout',
  'refused',
  'network',
  'http-5xx',
  'circuit-open',
  'bulkhead-full',
  'invalid-response',
]);

/** The backend's own error body (`{ error: { code, message, details } }`), when it sent one. */
export interface UpstreamError {
  status: number;
  code?: string;
  message?: string;
  details?: unknown;
}

export interface DownstreamErrorInfo {
  /** The service key (`products`, `orders`, `users`) or `identity-provider`. */
  service: string;
  kind: DownstreamErrorKind;
  /** The route template, e.g. `GET /orders/:id`. */
  route: string;
  durationMs: number;
  upstream?: UpstreamError;
  /** A human explanation added to the message (e.g. which field broke the contract). */
  reason?: string;
  cause?: unknown;
}

const UPSTREAM_CODES_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
};

interface Rendering {
  code: string;
  status: number;
  message: string;
  details?: unknown;
}

function render(info: DownstreamErrorInfo): Rendering {
  const where = `${info.service} ${info.route}`;
  const because = info.reason ? `: ${info.reason}` : '';
  const outage = { service: info.service, kind: info.kind };
  switch (info.kind) {
    case 'http-4xx':
    case 'not-found': {
      const status = info.upstream?.status ?? 404;
      return {
        code: info.upstream?.code ?? UPSTREAM_CODES_BY_STATUS[status] ?? `HTTP_${status}`,
        status,
        message: info.upstream?.message ?? `${where} answered ${status}${because}`,
        details: info.upstream?.details,
      };
    }
    case 'credentials-rejected':
      // Our own client credentials were refused: the end user can do nothing about it, so it is a bad gateway.
      return {
        code: 'DOWNSTREAM_CREDENTIALS_REJECTED',
        status: 502,
        message: `${where} rejected the service's credentials${because}`,
        details: outage,
      };
    case 'unauthenticated':
      return { code: 'UNAUTHENTICATED', status: 401, message: `${where} needs the user's access token${because}` };
    case 'timeout':
      return { code: 'DOWNSTREAM_TIMEOUT', status: 504, message: `${where} did not answer in time${because}`, details: outage };
    case 'refused':
      return { code: 'DOWNSTREAM_UNAVAILABLE', status: 503, message: `${where} refused the connection${because}`, details: outage };
    case 'circuit-open':
      return {
        code: 'DOWNSTREAM_CIRCUIT_OPEN',
        status: 503,
        message: `${where} is failing; not called while its circuit is open`,
        details: outage,
      };
    case 'bulkhead-full':
      return { code: 'DOWNSTREAM_BUSY', status: 503, message: `${where} has too many calls in flight${because}`, details: outage };
    case 'http-5xx': {
      const upstream = info.upstream?.status ?? 500;
      // An upstream 503 says "try later": keep that meaning; any other 5xx is a bad gateway from our side.
      const status = upstream === 503 ? 503 : 502;
      const code = status === 503 ? 'DOWNSTREAM_UNAVAILABLE' : 'DOWNSTREAM_FAILED';
      return { code, status, message: `${where} failed with ${upstream}${because}`, details: outage };
    }
    case 'invalid-response':
      return {
        code: 'DOWNSTREAM_INVALID_RESPONSE',
        status: 502,
        message: `${where} sent a response that breaks the contract${because}`,
        details: outage,
      };
    case 'network':
      return { code: 'DOWNSTREAM_FAILED', status: 502, message: `${where} could not be reached${because}`, details: outage };
  }
}

/**
 * A downstream call that did not produce a usable answer. Says which service and route, what happened and
 * how long it took; its status and code are what the BFF's error filter renders, so a 404 from the order
 * service stays a 404 NOT_FOUND and a validation 400 keeps the backend's field problems.
 */
export class DownstreamError extends FacetError {
  override readonly name = 'DownstreamError';
  readonly service: string;
  readonly kind: DownstreamErrorKind;
  readonly route: string;
  readonly durationMs: number;
  readonly upstreamStatus?: number;

  constructor(info: DownstreamErrorInfo) {
    const { code, status, message, details } = render(info);
    super(code, message, status, details);
    this.service = info.service;
    this.kind = info.kind;
    this.route = info.route;
    this.durationMs = Math.round(info.durationMs * 10) / 10;
    this.upstreamStatus = info.upstream?.status;
    if (info.cause !== undefined) this.cause = info.cause;
  }
}

/** True for a failure that says the service is down or broken (not its answer about the request): a page may degrade. */
export function isOutage(error: unknown): error is DownstreamError {
  return error instanceof DownstreamError && OUTAGE_KINDS.has(error.kind);
}
