import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy, type Profile } from 'passport-openidconnect';
import { LoginStateStore, currentLogin } from './login-state.store';
import { OidcProviderClient } from './oidc-provider.client';
import { LoginFailedError } from './session.errors';
import type { LoginResult } from './session.service';
import { CALLBACK_PATH, WEB_SESSION_OPTIONS, type WebSessionOptions } from './web-session.options';

type TokenCallback = (err: unknown, accessToken?: string, refreshToken?: string, params?: Record<string, unknown>) => void;
interface OAuth2Client {
  getOAuthAccessToken(code: string, params: Record<string, string>, callback: TokenCallback): void;
}

/** Passport's options for one login; `state` is what passport-openidconnect hands to the state store as app state. */
export interface LoginAuthenticateOptions {
  session: false;
  state: { returnTo: string; codeVerifier: string };
}

export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/**
 * Authorization code flow with passport-openidconnect, completed where the strategy falls short: PKCE (S256)
 * added to both legs, and the ID token's signature, issuer, audience, expiry and nonce verified with jose
 * against the provider's JWKS (the strategy only decodes it).
 */
@Injectable()
export class OidcStrategy extends PassportStrategy(Strategy, 'oidc', true) {
  constructor(
    @Inject(WEB_SESSION_OPTIONS) options: WebSessionOptions,
    stateStore: LoginStateStore,
    private readonly provider: OidcProviderClient,
  ) {
    super({
      issuer: provider.metadata.issuer,
      authorizationURL: provider.metadata.authorization_endpoint,
      tokenURL: provider.metadata.token_endpoint,
      userInfoURL: provider.metadata.userinfo_endpoint ?? '',
      clientID: options.clientId,
      clientSecret: options.clientSecret,
      callbackURL: `${options.publicOrigin}${CALLBACK_PATH}`,
      scope: options.scopes.filter((scope) => scope !== 'openid'),
      nonce: 'true',
      // Providers (oidc-provider among them) issue a refresh token for offline_access only with prompt=consent;
      // first-party clients are usually granted consent without a page.
      ...(options.scopes.includes('offline_access') && { prompt: 'consent' }),
      store: stateStore,
    });
    this.resource = options.resource;
    const oauth2 = (this as unknown as { _oauth2: OAuth2Client })._oauth2;
    const exchange = oauth2.getOAuthAccessToken.bind(oauth2);
    oauth2.getOAuthAccessToken = (code, params, callback) => {
      const login = currentLogin.getStore();
      if (!login) {
        callback(new Error('no pending login for this callback'));
        return;
      }
      exchange(code, { ...params, code_verifier: login.codeVerifier }, callback);
    };
  }

  private readonly resource: string | undefined;

  override authorizationParams(options: LoginAuthenticateOptions): Record<string, string> {
    return {
      code_challenge: codeChallenge(options.state.codeVerifier),
      code_challenge_method: 'S256',
      ...(this.resource && { resource: this.resource }),
    };
  }

  async validate(
    _issuer: string,
    _profile: Profile,
    _context: unknown,
    idToken: string,
    accessToken: string,
    refreshToken: string | undefined,
    params: { expires_in?: number | string },
  ): Promise<LoginResult> {
    const login = currentLogin.getStore();
    if (!login?.nonce) throw new Error('no pending login for this callback');
    const claims = await this.provider.verifyIdToken(idToken, login.nonce).catch((error: unknown) => {
      throw new LoginFailedError('invalid-id-token', {}, error);
    });
    return {
      subject: String(claims.sub),
      providerSessionId: typeof claims.sid === 'string' ? claims.sid : undefined,
      profile: {
        name: typeof claims.name === 'string' ? claims.name : undefined,
        email: typeof claims.email === 'string' ? claims.email : undefined,
      },
      accessToken,
      expiresInSeconds: params.expires_in === undefined ? undefined : Number(params.expires_in),
      refreshToken: refreshToken || undefined,
      idToken,
      returnTo: login.returnTo,
    };
  }
}
