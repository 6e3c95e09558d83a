import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';

const TRACEPARENT_KEY = 'facet.traceparent';
const ACCESS_TOKEN_KEY = 'facet.userAccessToken';

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

  /** The end user's access token, put here by the auth guard so downstream clients can relay it. */
  get userAccessToken(): string | undefined {
    return this.get<string>(ACCESS_TOKEN_KEY);
  }

  setUserAccessToken(token: string): void {
    this.set(ACCESS_TOKEN_KEY, token);
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
