import { Agent } from 'undici';
import { DownstreamError, type DownstreamErrorKind } from '../errors/downstream-error';
import { parseBody } from '../transport/http-transport';
import { networkFailureKind } from '../transport/network-failure';

const SERVICE = 'identity-provider';

export interface TokenEndpointResponse {
  status: number;
  data: unknown;
}

/**
 * An issuer's token endpoint, found by discovery (once) and asked with form posts over a couple of keep-alive
 * connections (tokens are fetched rarely). The issuer's answer comes back whatever its status below 500; a
 * network failure or a 5xx is a `DownstreamError` of the `identity-provider` service.
 */
export class TokenEndpoint {
  private endpoint?: string;
  private readonly agent = new Agent({ connections: 2 });

  constructor(
    private readonly issuer: string,
    private readonly timeoutMs: number,
  ) {}

  /** Posts `form` to the token endpoint; `started` (from `performance.now()`) times the whole call. */
  async post(form: URLSearchParams, started: number): Promise<TokenEndpointResponse> {
    return this.send('POST token', started, new URL(await this.discover(started)), {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async discover(started: number): Promise<string> {
    if (this.endpoint) return this.endpoint;
    const url = new URL(`${this.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
    const response = await this.send('GET discovery', started, url, { method: 'GET', headers: { accept: 'application/json' } });
    const endpoint = (response.data as { token_endpoint?: unknown } | undefined)?.token_endpoint;
    if (response.status >= 300)
      throw this.error('credentials-rejected', 'GET discovery', started, `the issuer answered ${response.status}`);
    if (typeof endpoint !== 'string' || !URL.canParse(endpoint)) {
      throw this.error('invalid-response', 'GET discovery', started, 'discovery document without a token_endpoint');
    }
    this.endpoint = endpoint;
    return endpoint;
  }

  private async send(
    route: string,
    started: number,
    url: URL,
    request: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  ): Promise<TokenEndpointResponse> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: TokenEndpointResponse;
    try {
      const answer = await this.agent.request({ origin: url.origin, path: url.pathname + url.search, ...request, signal });
      response = { status: answer.statusCode, data: parseBody(await answer.body.text()) };
    } catch (error) {
      throw this.error(networkFailureKind(error, signal), route, started, (error as Error).message, error);
    }
    if (response.status >= 500) throw this.error('http-5xx', route, started, undefined, undefined, response.status);
    return response;
  }

  /** A failure to get a usable answer from the issuer. */
  error(kind: DownstreamErrorKind, route: string, started: number, reason?: string, cause?: unknown, status?: number): DownstreamError {
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
