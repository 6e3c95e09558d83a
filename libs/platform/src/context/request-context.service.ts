import { type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import { ClsService, ClsServiceManager } from 'nestjs-cls';
import type { Principal } from './principal';

const TRACEPARENT_KEY = 'facet.traceparent';
const SPAN_KEY = 'facet.span';
const ACCESS_TOKEN_KEY = 'facet.userAccessToken';
const SUBJECT_TOKEN_KEY = 'facet.subjectToken';
const PRINCIPAL_KEY = 'facet.principal';

/**
 * What travels with one incoming request (request id, trace context, and whatever an auth guard puts there),
 * kept in AsyncLocalStorage so no provider needs request scope.
 */
@Injectable()
export class RequestContext {
  constructor(private readonly cls: ClsService) {}

  get active(): boolean {
    return this.cls.isActive();
  }

  get requestId(): string | undefined {
    return this.cls.isActive() ? this.cls.getId() : undefined;
  }

  get traceparent(): string | undefined {
    return this.get<string>(TRACEPARENT_KEY);
  }

  setTraceparent(value: string): void {
    this.set(TRACEPARENT_KEY, value);
  }

  /** The request's server span, while tracing is on (the parent of its downstream calls' spans). */
  get span(): Span | undefined {
    return this.get<Span>(SPAN_KEY);
  }

  setSpan(span: Span): void {
    this.set(SPAN_KEY, span);
  }

  /** The end user's access token, put here by the auth guard so downstream clients can relay it. */
  get userAccessToken(): string | undefined {
    return this.get<string>(ACCESS_TOKEN_KEY);
  }

  setUserAccessToken(token: string): void {
    this.set(ACCESS_TOKEN_KEY, token);
  }

  /**
   * The token the caller presented to this app, meant for this app alone (its audience is the BFF): a
   * credential source exchanges it for a backend token; it is never relayed as it is.
   */
  get subjectToken(): string | undefined {
    return this.get<string>(SUBJECT_TOKEN_KEY);
  }

  setSubjectToken(token: string): void {
    this.set(SUBJECT_TOKEN_KEY, token);
  }

  /** Who the request acts for, put here by the auth guard that admitted it. */
  get principal(): Principal | undefined {
    return this.get<Principal>(PRINCIPAL_KEY);
  }

  setPrincipal(principal: Principal): void {
    this.set(PRINCIPAL_KEY, principal);
  }

  get<T>(key: string): T | undefined {
    return this.cls.isActive() ? (this.cls.get(key) as T | undefined) : undefined;
  }

  set(key: string, value: unknown): void {
    if (this.cls.isActive()) this.cls.set(key, value);
  }

  /** Runs work outside an HTTP request (jobs, start-up checks) with its own context. */
  run<T>(fn: () => T): T {
    return this.cls.run(fn);
  }
}

/**
 * The caller a route acts for, whatever auth kind admitted it (the principal the guard put in the request context).
 * Only a route no auth guard checked (a public one) has none: using it there is a programming error.
 */
export const Caller = createParamDecorator((_data: unknown, _context: ExecutionContext): Principal => {
  const cls = ClsServiceManager.getClsService();
  const principal = cls.isActive() ? cls.get<Principal | undefined>(PRINCIPAL_KEY) : undefined;
  if (!principal) throw new Error('@Caller() used on a route no auth guard admitted');
  return principal;
});
