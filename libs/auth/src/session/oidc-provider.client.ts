import { FacetError } from '@facet/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, jwtVerify } from 'jose';
import type { ProviderMetadata } from '../oidc/discovery';
import { WEB_SESSION_OPTIONS, type WebSessionOptions } from './web-session.options';

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
}

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const CLOCK_TOLERANCE_SECONDS = 30;
/**
 * The client registers no `id_token_signed_response_alg`, so the provider signs its ID tokens (and logout
 * tokens, which use the same algorithm) with OpenID Connect's default, RS256; nothing else is accepted.
 */
const ID_TOKEN_ALGORITHMS = ['RS256'];
/** Back-Channel Logout 1.0, section 2.4: logout tokens are explicitly typed, so no other JWT can pass as one. */
const LOGOUT_TOKEN_TYPE = 'logout+jwt';

export class ProviderError extends FacetError {
  override readonly name = 'ProviderError';
  constructor(
    message: string,
    readonly oauthError?: string,
  ) {
    super('IDENTITY_PROVIDER_ERROR', message, 502, oauthError ? { oauthError } : undefined);
  }
}

export const PROVIDER_METADATA = Symbol('PROVIDER_METADATA');

/** The BFF's conversations with the OpenID provider after login: ID/logout token checks, refresh, revocation. */
@Injectable()
export class OidcProviderClient {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    @Inject(PROVIDER_METADATA) readonly metadata: ProviderMetadata,
    @Inject(WEB_SESSION_OPTIONS) private readonly options: WebSessionOptions,
  ) {
    this.keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
  }

  /** Signature (issuer's JWKS), issuer, audience, expiry and nonce of an ID token. */
  async verifyIdToken(idToken: string, nonce: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(idToken, this.keys, {
      algorithms: ID_TOKEN_ALGORITHMS,
      issuer: this.metadata.issuer,
      audience: this.options.clientId,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (payload.nonce !== nonce) throw new Error('ID token nonce does not match the login request');
    if (payload.azp !== undefined && payload.azp !== this.options.clientId) throw new Error('ID token was issued to another party');
    return payload;
  }

  /** OpenID Connect Back-Channel Logout 1.0, section 2.6. */
  async verifyLogoutToken(logoutToken: string): Promise<{ subject?: string; sessionId?: string; jti?: string }> {
    const { payload } = await jwtVerify(logoutToken, this.keys, {
      algorithms: ID_TOKEN_ALGORITHMS,
      typ: LOGOUT_TOKEN_TYPE,
      issuer: this.metadata.issuer,
      audience: this.options.clientId,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: '5m',
      requiredClaims: ['iat', 'jti'],
    });
    const events = payload.events as Record<string, unknown> | undefined;
    if (!events || typeof events !== 'object' || !(BACKCHANNEL_EVENT in events))
      throw new Error('not a logout token: events claim missing');
    if ('nonce' in payload) throw new Error('a logout token must not carry a nonce');
    const subject = typeof payload.sub === 'string' ? payload.sub : undefined;
    const sessionId = typeof payload.sid === 'string' ? payload.sid : undefined;
    if (!subject && !sessionId) throw new Error('a logout token names a sub or a sid');
    return { subject, sessionId, jti: payload.jti };
  }

  refresh(refreshToken: string): Promise<TokenResponse> {
    return this.postForm<TokenResponse>(this.metadata.token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...(this.options.resource && { resource: this.options.resource }),
    });
  }

  /** Best effort: logout goes on even if the provider cannot be told. */
  async revoke(token: string, hint: 'refresh_token' | 'access_token'): Promise<boolean> {
    if (!this.metadata.revocation_endpoint) return false;
    try {
      await this.postForm(this.metadata.revocation_endpoint, { token, token_type_hint: hint }, false);
      return true;
    } catch {
      return false;
    }
  }

  /** When the refresh token expires, so the session never outlives it (undefined when the provider won't say). */
  async refreshTokenExpiry(refreshToken: string): Promise<number | undefined> {
    if (!this.metadata.introspection_endpoint) return undefined;
    try {
      const result = await this.postForm<{ active: boolean; exp?: number }>(this.metadata.introspection_endpoint, {
        token: refreshToken,
        token_type_hint: 'refresh_token',
      });
      return result.active && typeof result.exp === 'number' ? result.exp * 1000 : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * RP-initiated logout URL for the page to navigate to. It names the client instead of carrying
   * `id_token_hint`: the URL passes through the page's script, and the ID token must never reach it.
   */
  endSessionUrl(postLogoutRedirectUri: string): string | undefined {
    if (!this.metadata.end_session_endpoint) return undefined;
    const url = new URL(this.metadata.end_session_endpoint);
    url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
    url.searchParams.set('client_id', this.options.clientId);
    return url.toString();
  }

  private async postForm<T>(url: string, form: Record<string, string>, expectJson = true): Promise<T> {
    const body = new URLSearchParams({ ...form, client_id: this.options.clientId, client_secret: this.options.clientSecret });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) {
      const error = (await res.json().catch(() => ({}))) as { error?: string; error_description?: string };
      throw new ProviderError(
        `${new URL(url).pathname} answered ${res.status}: ${error.error_description ?? error.error ?? 'error'}`,
        error.error,
      );
    }
    return (expectJson ? await res.json() : undefined) as T;
  }
}
