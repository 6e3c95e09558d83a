import type { ResolvedServiceOptions } from '../downstream.options';

/** The HTTP clients a service can be reached through (`DownstreamModuleOptions.transport`). */
export const DOWNSTREAM_TRANSPORTS = ['undici', 'axios'] as const;
export type DownstreamTransport = (typeof DOWNSTREAM_TRANSPORTS)[number];

/** Bodies larger than this are refused rather than buffered, whatever the transport. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface TransportRequest {
  method: string;
  /** Absolute path and query on the service's origin, already checked not to leave the service. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** Header names in lower case; a repeated header as an array. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface TransportResponse {
  status: number;
  headers: ResponseHeaders;
  /** Parsed JSON when the body is JSON, else its text (empty when there is none): see readBody. */
  data: unknown;
}

/**
 * One service's wire: keep-alive connections to its origin, no redirects followed, no proxy from the environment,
 * bodies bounded. A request that gets no answer rejects with the client's own error, which `networkFailureKind`
 * reads; any answer, whatever its status, resolves.
 */
export interface HttpTransport {
  request(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

export type TransportOptions = Pick<ResolvedServiceOptions, 'baseUrl' | 'maxSockets' | 'idleSocketTimeoutMs'>;

/** A whole body as the contract check wants it: JSON parsed, anything else as text, so "text, not JSON" can be said. */
export function parseBody(text: string): unknown {
  if (text.length === 0) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
