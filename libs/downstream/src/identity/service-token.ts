import type { ResolvedDownstreamOptions } from '../downstream.options';
import { TokenEndpoint } from './token-endpoint';

type IdentityOptions = NonNullable<ResolvedDownstreamOptions['serviceIdentity']>;

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
  private readonly issuer: TokenEndpoint;

  constructor(
    private readonly options: IdentityOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.issuer = new TokenEndpoint(options.issuer, options.timeoutMs);
  }

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
    return this.issuer.close();
  }

  private async refresh(): Promise<string> {
    const started = performance.now();
    try {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
      });
      if (this.options.scope) form.set('scope', this.options.scope);
      if (this.options.resource) form.set('resource', this.options.resource);
      const response = await this.issuer.post(form, started);
      if (response.status >= 300)
        throw this.issuer.error('credentials-rejected', 'POST token', started, `the issuer answered ${response.status}`);
      const body = response.data as { access_token?: unknown; expires_in?: unknown } | undefined;
      if (typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number') {
        throw this.issuer.error('invalid-response', 'POST token', started, 'token response without access_token and expires_in');
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
}
