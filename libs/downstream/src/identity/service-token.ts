import { Agent } from 'undici';
import { DownstreamError, type DownstreamErrorKind } from '../errors/downstream-error';
import type { ResolvedDownstreamOptions } from '../downstream.options';
import { readBody } from '../transport/http-body';
import { networkFailureKind } from '../transport/network-failure';

type IdentityOptions = NonNullable<ResolvedDownstreamOptions['serviceIdentity']>;

const SERVICE = 'identity-provider';

interface JsonResponse {
  status: number;
  data: unknown;
}

interface CachedToken {
  token: string;
  refreshAt: number;
  expiresAt: number;
}

/**
 * The BFF's own access token from the client-credentials grant (client_secret_post), with the token
 * endpoint read from the issuer's discovery document. The token is cached until shortly before it
 * expires; one refresh serves every caller that asks meanwhile, and if a refresh fails while the old
 * token is still valid, the old token is used.
 */
export class ServiceTokenSource {
  private cached?: CachedToken;
  private refreshing?: Promise<string>;
  private tokenEndpoint?: string;
  /** A couple of keep-alive connections to the issuer: tokens are fetched rarely. */
  private readonly agent = new Agent({ connections: 2 });

  constructor(
    private readonly options: IdentityOptions,
    private readonly now: () => number = Date.now,
  ) {}

  token(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) return Promise.resolve(cached.token);
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Forgets a token a backend has refused, so the next call fetches a new one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async refresh(): Promise<string> {
    const started = performance.now();
    try {
      const response = await this.requestToken(await this.endpoint(started), started);
      const body = response.data as { access_token?: unknown; expires_in?: unknown } | undefined;
      if (typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number') {
        throw this.error('invalid-response', 'POST token', started, 'token response without access_token and expires_in');
      }
      const issuedAt = this.now();
      const lifetimeMs = body.expires_in * 1000;
      // Refresh shortly before expiry, but never sooner than half-way through a short-lived token.
      const refreshAt = Math.max(issuedAt + lifetimeMs / 2, issuedAt + lifetimeMs - this.options.refreshBeforeExpiryMs);
      this.cached = { token: body.access_token, refreshAt, expiresAt: issuedAt + lifetimeMs };
      return body.access_token;
    } catch (error) {
      if (this.cached && this.now() < this.cached.expiresAt) return this.cached.token;
      throw error;
    }
  }

  private async endpoint(started: number): Promise<string> {
    if (this.tokenEndpoint) return this.tokenEndpoint;
    const url = new URL(`${this.options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
    const response = await this.send('GET discovery', started, url, { method: 'GET', headers: { accept: 'application/json' } });
    const endpoint = (response.data as { token_endpoint?: unknown } | undefined)?.token_endpoint;
    if (typeof endpoint !== 'string' || !URL.canParse(endpoint)) {
      throw this.error('invalid-response', 'GET discovery', started, 'discovery document without a token_endpoint');
    }
    this.tokenEndpoint = endpoint;
    return endpoint;
  }

  private requestToken(endpoint: string, started: number): Promise<JsonResponse> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
    if (this.options.scope) form.set('scope', this.options.scope);
    if (this.options.resource) form.set('resource', this.options.resource);
    return this.send('POST token', started, new URL(endpoint), {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    });
  }

  private async send(
    route: string,
    started: number,
    url: URL,
    request: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  ): Promise<JsonResponse> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let response: JsonResponse;
    try {
      const answer = await this.agent.request({ origin: url.origin, path: url.pathname + url.search, ...request, signal });
      response = { status: answer.statusCode, data: await readBody(answer.body) };
    } catch (error) {
      throw this.error(networkFailureKind(error, signal), route, started, (error as Error).message, error);
    }
    if (response.status >= 500) throw this.error('http-5xx', route, started, undefined, undefined, response.status);
    if (response.status >= 300) throw this.error('credentials-rejected', route, started, `the issuer answered ${response.status}`);
    return response;
  }

  private error(
    kind: DownstreamErrorKind,
    route: string,
    started: number,
    reason?: string,
    cause?: unknown,
    status?: number,
  ): DownstreamError {
    return new DownstreamError({
      service: SERVICE,
      kind,
      route,
      durationMs: performance.now() - started,
      reason,
      cause,
      upstream: status === undefined ? undefined : { status },
    });
  }
}
