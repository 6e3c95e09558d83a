import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { OidcProviderClient, TokenResponse } from './oidc-provider.client';
import type { LoginResult } from './session.service';
import type { WebSessionOptions } from './web-session.options';

/** Session options for unit tests: a 600 s idle timeout (so a 30 s touch interval) and an in-memory store. */
export const testSessionOptions: WebSessionOptions = {
  issuer: 'http://idp.test',
  clientId: 'web',
  clientSecret: 'secret-secret',
  publicOrigin: 'http://localhost:3000',
  scopes: ['openid'],
  idleTimeoutSeconds: 600,
  absoluteTimeoutSeconds: 3600,
  refreshSkewSeconds: 30,
  store: 'memory',
  encryptionSecret: 'unit-test-encryption-secret-0123456789',
  maxEntries: 1000,
  maxSessionsPerUser: 10,
  discoveryTimeoutMs: 0,
};

/** The provider calls SessionService makes, with refresh results a test can replace. */
export class FakeProvider {
  refreshCalls = 0;
  revoked: string[] = [];
  refreshResult: () => Promise<TokenResponse> = () =>
    Promise.resolve({
      access_token: `access-${++this.refreshCalls}`,
      token_type: 'Bearer',
      expires_in: 300,
      refresh_token: `refresh-${this.refreshCalls}`,
    });
  refreshExpiry: number | undefined = undefined;

  refresh(): Promise<TokenResponse> {
    return new Promise((resolve) => setTimeout(resolve, 10)).then(() => this.refreshResult());
  }
  revoke(token: string): Promise<boolean> {
    this.revoked.push(token);
    return Promise.resolve(true);
  }
  refreshTokenExpiry(): Promise<number | undefined> {
    return Promise.resolve(this.refreshExpiry);
  }

  asClient(): OidcProviderClient {
    return this as unknown as OidcProviderClient;
  }
}

export const testLogin = (overrides: Partial<LoginResult> = {}): LoginResult => ({
  subject: 'u_0001',
  providerSessionId: 'sid-1',
  profile: { name: 'Ada Lovelace', email: 'ada@example.test' },
  accessToken: 'access-0',
  expiresInSeconds: 300,
  refreshToken: 'refresh-0',
  idToken: 'id-token',
  returnTo: '/',
  ...overrides,
});

/** A record as SessionCipher sealed it before key ids and associated data (format v1): such records are refused now. */
export function sealLegacy(secret: string, plaintext: string): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'facet-session', 'session-encryption-v1', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}
