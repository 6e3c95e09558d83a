import { type RequestContext, Tracing, traceparentOf } from '@facet/platform';
import type { Span } from '@opentelemetry/api';
import type { CircuitState } from 'cockatiel';
import { ContractViolation, type Decoder } from '../contract/decode';
import { DownstreamError, type UpstreamError } from '../errors/downstream-error';
import type { CallIdentity, DownstreamServiceName, ResolvedServiceOptions } from '../downstream.options';
import { type Credential, type Credentials, MissingCredential } from '../identity/credentials';
import type { DownstreamMetrics } from './downstream-metrics';
import type { AxiosTransport } from './axios-transport';
import { type DownstreamTransport, type HttpTransport, type TransportResponse, headerValue } from './http-transport';
import { Inflight } from './inflight';
import { networkFailureKind } from './network-failure';
import { AttemptFailure, buildPolicies, policyFailureKind, type ServicePolicies } from './resilience';
import { resolveServicePath } from './safe-path';
import { UndiciTransport } from './undici-transport';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | readonly string[] | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

export interface DownstreamRequest {
  method: HttpMethod;
  /** Route template for metrics and errors, e.g. `GET /orders/:id`: never the concrete path. */
  route: string;
  /** Path under the service's base URL; refused if it could leave it. */
  path: string;
  query?: QueryParams;
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  identity?: CallIdentity;
}

export interface DownstreamResponse<T> {
  status: number;
  body: T;
  header(name: string): string | undefined;
}

const READINESS_TIMEOUT_MS = 1500;

export interface ServiceClientDeps {
  credentials: Credentials;
  context: RequestContext;
  metrics: DownstreamMetrics;
  /** A client span per call, the child of the request's span, while tracing is on. */
  tracing?: Tracing;
  coalesceGets: boolean;
  transport: DownstreamTransport;
}

function queryString(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value === 'object') for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The backend's `{ error: { code, message, details } }`, read defensively: a proxy may answer with anything. */
function upstreamError(status: number, data: unknown): UpstreamError {
  const error = (data as { error?: unknown } | null | undefined)?.error;
  if (typeof error !== 'object' || error === null) return { status };
  const { code, message, details } = error as Record<string, unknown>;
  return {
    status,
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
    details,
  };
}

/** axios (with form-data) loads only for a client that selects it: on undici it would lengthen every start-up for nothing. */
function loadAxiosTransport(): typeof AxiosTransport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./axios-transport') as typeof import('./axios-transport')).AxiosTransport;
}

/**
 * Everything one backend service needs on the wire: a keep-alive connection pool with bounded sockets (undici, or
 * @nestjs/axios's HttpService: `transport`), the service's resilience policies, identity and trace headers, GET
 * coalescing and metrics. Typed clients build on `send`.
 */
export class ServiceClient {
  private readonly transport: HttpTransport;
  private readonly policies: ServicePolicies;
  /** Per decoder, so callers only ever share a body decoded into the shape they asked for. */
  private readonly inflight = new WeakMap<Decoder<unknown>, Inflight<DownstreamResponse<unknown>>>();

  constructor(
    readonly name: DownstreamServiceName,
    private readonly options: ResolvedServiceOptions,
    private readonly deps: ServiceClientDeps,
  ) {
    // Either way redirects are never followed and proxy settings from the environment are not picked up: a path
    // must not leave the service, whatever answers.
    this.transport = deps.transport === 'axios' ? new (loadAxiosTransport())(options) : new UndiciTransport(options);
    this.policies = buildPolicies(options.resilience);
    this.policies.breaker.onStateChange((state) => deps.metrics.circuitState(name, state));
    deps.metrics.circuitState(name, this.policies.breaker.state);
  }

  get circuitState(): CircuitState {
    return this.policies.breaker.state;
  }

  /**
   * One logical call: GETs are retried on transient failures and coalesced with identical GETs in flight
   * (same URL, credential and decoder); other methods are sent at most once. A 2xx body is decoded once, even
   * when several callers share it; anything else becomes a `DownstreamError`.
   */
  async send<T>(request: DownstreamRequest, decode: Decoder<T>): Promise<DownstreamResponse<T>> {
    const started = performance.now();
    let credential: Credential;
    try {
      credential = await this.deps.credentials.resolve(request.identity);
    } catch (error) {
      if (!(error instanceof MissingCredential)) throw error;
      throw new DownstreamError({
        service: this.name,
        kind: 'unauthenticated',
        route: request.route,
        durationMs: 0,
        reason: error.message,
      });
    }
    const path = resolveServicePath(this.options.baseUrl, request.path) + queryString(request.query);
    const run = (): Promise<DownstreamResponse<T>> => this.execute(request, path, credential, started, decode);
    if (request.method !== 'GET' || !this.deps.coalesceGets) return run();
    let inflight = this.inflight.get(decode);
    if (!inflight) this.inflight.set(decode, (inflight = new Inflight()));
    const { result, joined } = inflight.run(`${credential.token} ${path}`, run);
    if (joined) this.deps.metrics.joined(this.name, request.route);
    return result as Promise<DownstreamResponse<T>>;
  }

  /** Readiness: the service's own `/health/ready` answers 2xx (no credentials, no policies). */
  async checkReady(): Promise<void> {
    const path = resolveServicePath(this.options.baseUrl, '/health/ready');
    const response = await this.transport.request({ method: 'GET', path, headers: {}, signal: AbortSignal.timeout(READINESS_TIMEOUT_MS) });
    if (response.status < 200 || response.status >= 300) throw new Error(`${this.name} answered ${response.status}`);
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private async execute<T>(
    request: DownstreamRequest,
    path: string,
    credential: Credential,
    started: number,
    decode: Decoder<T>,
  ): Promise<DownstreamResponse<T>> {
    // One span for the logical call, retries included; a GET coalesced with one in flight belongs to the first
    // caller's span (and trace), as its answer does.
    const span = this.deps.tracing?.startClientSpan(`${this.name} ${request.route}`, this.deps.context.span, {
      'http.request.method': request.method,
      'server.address': this.options.baseUrl.hostname,
      'url.template': request.route.slice(request.route.indexOf(' ') + 1),
      'facet.downstream.service': this.name,
    });
    const headers = this.headers(request, credential, span);
    const policy = request.method === 'GET' ? this.policies.read : this.policies.write;
    let failure: DownstreamError;
    let status: number | undefined;
    try {
      const response = await policy.execute(({ signal }) => this.attempt(request.method, path, headers, request.body, credential, signal));
      status = response.status;
      const decoded: DownstreamResponse<T> = {
        status: response.status,
        body: decode(response.data),
        header: (name) => headerValue(response.headers, name),
      };
      this.deps.metrics.call(this.name, request.route, performance.now() - started);
      Tracing.end(span, { statusCode: status });
      return decoded;
    } catch (error) {
      failure = this.toError(error, request.route, started);
    }
    if (failure.kind === 'credentials-rejected') this.deps.credentials.rejected(credential);
    this.deps.metrics.call(this.name, request.route, failure.durationMs, failure.kind);
    Tracing.end(span, { statusCode: failure.upstreamStatus ?? status, error: failure.kind });
    throw failure;
  }

  private headers(request: DownstreamRequest, credential: Credential, span: Span | undefined): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers, authorization: `Bearer ${credential.token}` };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const requestId = this.deps.context.requestId;
    const traceparent = span ? traceparentOf(span) : this.deps.context.traceparent;
    if (requestId) headers['x-request-id'] = requestId;
    if (traceparent) headers.traceparent = traceparent;
    return headers;
  }

  private async attempt(
    method: HttpMethod,
    path: string,
    headers: Record<string, string>,
    body: unknown,
    credential: Credential,
    signal: AbortSignal,
  ): Promise<TransportResponse> {
    let response: TransportResponse;
    try {
      response = await this.transport.request({
        method,
        path,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      throw new AttemptFailure(networkFailureKind(error, signal), undefined, (error as Error).message, error);
    }
    const { status } = response;
    if (status >= 200 && status < 300) return response;
    const upstream = upstreamError(status, response.data);
    if (status >= 500) throw new AttemptFailure('http-5xx', upstream);
    if (status === 404) throw new AttemptFailure('not-found', upstream);
    // A 401 to our own token means the token is bad (expired, revoked): not the end user's problem. A 403 is a
    // verdict on what the token may do and is passed on like any other answer.
    if (status === 401 && credential.kind === 'service') {
      throw new AttemptFailure('credentials-rejected', upstream, 'the service token was refused');
    }
    if (status < 400) throw new AttemptFailure('invalid-response', upstream, `unexpected status ${status}`);
    throw new AttemptFailure('http-4xx', upstream);
  }

  private toError(error: unknown, route: string, started: number): DownstreamError {
    const durationMs = performance.now() - started;
    if (error instanceof ContractViolation) {
      return new DownstreamError({ service: this.name, kind: 'invalid-response', route, durationMs, reason: error.message });
    }
    if (error instanceof AttemptFailure) {
      return new DownstreamError({
        service: this.name,
        kind: error.kind,
        route,
        durationMs,
        upstream: error.upstream,
        reason: error.reason,
        cause: error.cause,
      });
    }
    const kind = policyFailureKind(error);
    const reason = kind === 'timeout' ? (error as Error).message : undefined;
    if (kind) return new DownstreamError({ service: this.name, kind, route, durationMs, reason, cause: error });
    throw error;
  }
}
