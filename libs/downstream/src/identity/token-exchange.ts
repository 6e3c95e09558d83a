import { createHash } from 'node:crypto';
import { FacetError, type RequestContext } from '@facet/platform';
import type { ResolvedDownstreamOptions } from '../downstream.options';
import { DownstreamError, TRANSIENT_KINDS } from '../errors/downstream-error';
import { MissingCredential, type UserTokenSource } from './credentials';
import type { ExchangedTokenStore } from './exchanged-token-store';
import { TokenEndpoint } from './token-endpoint';

type ExchangeOptions = Extract<NonNullable<ResolvedDownstreamOptions['userIdentity']>, { kind: 'exchange' }>;

const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** Why an exchange gave no token: the caller's token was refused (401), the issuer is out (503), or our setup is wrong (502). */
export type TokenExchangeFailure = 'subject-refused' | 'unavailable' | 'misconfigured';

const RENDERING: Record<TokenExchangeFailure, { code: string; status: number }> = {
  'subject-refused': { code: 'UNAUTHENTICATED', status: 401 },
  unavailable: { code: 'IDENTITY_PROVIDER_UNAVAILABLE', status: 503 },
  misconfigured: { code: 'TOKEN_EXCHANGE_FAILED', status: 502 },
};

export class TokenExchangeError extends FacetError {
  override readonly name = 'TokenExchangeError';

  constructor(
    readonly failure: TokenExchangeFailure,
    message: string,
    cause?: unknown,
  ) {
    super(RENDERING[failure].code, message, RENDERING[failure].status);
    if (cause !== undefined) this.cause = cause;
  }
}

interface StoredToken {
  token: string;
  refreshAt: number;
}

/**
 * The user's backend token for a bearer request (RFC 8693 token exchange): the token the caller presented to
 * this app (the request context's subject token, never sent to a backend) is exchanged at the issuer's token
 * endpoint for a short-lived token with the backends' audience naming the same user. Asked only when a call
 * needs it, so a request that calls no backend costs no exchange. Exchanged tokens are kept, keyed by a hash of
 * the subject token (never the token), until shortly before they expire; concurrent identical exchanges share
 * one request to the issuer.
 */
export class TokenExchangeCredentialSource implements UserTokenSource {
  private readonly issuer: TokenEndpoint;
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly options: ExchangeOptions,
    private readonly context: RequestContext,
    private readonly store: ExchangedTokenStore,
    private readonly now: () => number = Date.now,
  ) {
    this.issuer = new TokenEndpoint(options.issuer, options.timeoutMs);
  }

  token(): Promise<string> {
    const subjectToken = this.context.subjectToken;
    if (!subjectToken) return Promise.reject(new MissingCredential('no subject token in the request context to exchange'));
    const key = this.options.cache.keyPrefix + createHash('sha256').update(subjectToken).digest('base64url');
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.cachedOrExchanged(key, subjectToken).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  close(): Promise<void> {
    return this.issuer.close();
  }

  private async cachedOrExchanged(key: string, subjectToken: string): Promise<string> {
    const stored = await this.read(key);
    if (stored && this.now() < stored.refreshAt) return stored.token;
    const { token, expiresInMs } = await this.exchange(subjectToken);
    const issuedAt = this.now();
    // Replaced shortly before expiry, but never sooner than half-way through a short-lived token.
    const refreshAt = Math.max(issuedAt + expiresInMs / 2, issuedAt + expiresInMs - this.options.refreshBeforeExpiryMs);
    // A store that cannot keep it costs the next call an exchange, not this one its answer.
    await this.store.set(key, JSON.stringify({ token, refreshAt } satisfies StoredToken), refreshAt - issuedAt).catch(() => undefined);
    return token;
  }

  private async read(key: string): Promise<StoredToken | undefined> {
    try {
      const value = await this.store.get(key);
      const parsed = value === undefined ? undefined : (JSON.parse(value) as Partial<StoredToken>);
      return typeof parsed?.token === 'string' && typeof parsed.refreshAt === 'number' ? (parsed as StoredToken) : undefined;
    } catch {
      // An unreadable or unreachable store is a miss: the exchange still answers.
      return undefined;
    }
  }

  private async exchange(subjectToken: string): Promise<{ token: string; expiresInMs: number }> {
    const form = new URLSearchParams({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: subjectToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      resource: this.options.audience,
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
    if (this.options.scope) form.set('scope', this.options.scope);
    let response;
    try {
      response = await this.issuer.post(form, performance.now());
    } catch (error) {
      const transient = error instanceof DownstreamError && TRANSIENT_KINDS.has(error.kind);
      throw new TokenExchangeError(
        transient ? 'unavailable' : 'misconfigured',
        `The token exchange failed: ${error instanceof Error ? error.message : 'unknown error'}`,
        error,
      );
    }
    const body = response.data as Record<string, unknown> | undefined;
    if (response.status >= 300) {
      const code = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
      // Only invalid_grant is about the caller's token; any other refusal says this app's settings are wrong.
      if (code === 'invalid_grant') throw new TokenExchangeError('subject-refused', 'The access token is not accepted');
      throw new TokenExchangeError('misconfigured', `The issuer refused the token exchange (${code})`);
    }
    const { access_token: token, expires_in: expiresIn, issued_token_type: type } = body ?? {};
    if (
      typeof token !== 'string' ||
      typeof expiresIn !== 'number' ||
      expiresIn <= 0 ||
      (type !== undefined && type !== ACCESS_TOKEN_TYPE)
    ) {
      throw new TokenExchangeError('misconfigured', 'The token exchange answered without an access token and its lifetime');
    }
    return { token, expiresInMs: expiresIn * 1000 };
  }
}
