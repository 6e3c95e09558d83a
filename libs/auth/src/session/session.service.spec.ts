import { MetricsService } from '@facet/platform';
import { MemoryKeyValueStore } from './memory.store';
import { type OidcProviderClient, ProviderError, type TokenResponse } from './oidc-provider.client';
import { IdentityProviderUnavailableError, SessionRequiredError } from './session.errors';
import { type LoginResult, SessionService } from './session.service';
import type { WebSessionOptions } from './web-session.options';

const options: WebSessionOptions = {
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
  discoveryTimeoutMs: 0,
};

class FakeProvider {
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
}

const login = (overrides: Partial<LoginResult> = {}): LoginResult => ({
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

describe('SessionService', () => {
  let provider: FakeProvider;
  let sessions: SessionService;

  beforeEach(() => {
    provider = new FakeProvider();
    sessions = new SessionService(new MemoryKeyValueStore(1000), options, provider as unknown as OidcProviderClient, new MetricsService());
  });

  it('creates a session with a new unguessable id each time', async () => {
    const a = await sessions.create(login());
    const b = await sessions.create(login());
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await sessions.resolve(a.id))?.subject).toBe('u_0001');
  });

  it('ends a session left idle beyond the idle timeout', async () => {
    const now = Date.now();
    const session = await sessions.create(login(), now);
    expect(await sessions.resolve(session.id, now + 599_000)).toBeDefined();
    expect(await sessions.resolve(session.id, now + 599_000 + 601_000)).toBeUndefined();
  });

  it('ends an active session at the absolute timeout', async () => {
    const now = Date.now();
    const session = await sessions.create(login(), now);
    for (let t = now; t < now + 3_500_000; t += 500_000) expect(await sessions.resolve(session.id, t)).toBeDefined();
    expect(await sessions.resolve(session.id, now + 3_600_001)).toBeUndefined();
  });

  it('never outlives the refresh token', async () => {
    const now = Date.now();
    provider.refreshExpiry = now + 60_000;
    const session = await sessions.create(login(), now);
    expect(session.absoluteExpiresAt).toBe(now + 60_000);
  });

  it('hands out the current access token while it is fresh', async () => {
    const session = await sessions.create(login());
    expect(await sessions.freshAccessToken(session)).toBe('access-0');
    expect(provider.refreshCalls).toBe(0);
  });

  it('refreshes once for many concurrent requests near expiry', async () => {
    const session = await sessions.create(login({ expiresInSeconds: 10 }));
    const tokens = await Promise.all(Array.from({ length: 20 }, () => sessions.freshAccessToken(session)));
    expect(provider.refreshCalls).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(['access-1']));
    const reloaded = await sessions.resolve(session.id);
    expect(reloaded?.tokens.refreshToken).toBe('refresh-1');
  });

  it('touching a session writes only its activity, so it can never write back tokens a refresh replaced', async () => {
    const store = new MemoryKeyValueStore(1000);
    const own = new SessionService(store, options, provider as unknown as OidcProviderClient, new MetricsService());
    const session = await own.create(login());
    const set = jest.spyOn(store, 'set');
    await own.resolve(session.id);
    expect(set).toHaveBeenCalledTimes(1);
    expect(set.mock.calls[0][0]).toMatch(/:seen$/);
  });

  it('refreshes once across replicas sharing a store: the second waits for the first and reuses its tokens', async () => {
    const shared = new MemoryKeyValueStore(1000);
    const replicaA = new SessionService(shared, options, provider as unknown as OidcProviderClient, new MetricsService());
    const replicaB = new SessionService(shared, options, provider as unknown as OidcProviderClient, new MetricsService());
    const session = await replicaA.create(login({ expiresInSeconds: 10 }));
    const [a, b] = await Promise.all([replicaA.freshAccessToken(session), replicaB.freshAccessToken(session)]);
    expect(provider.refreshCalls).toBe(1);
    expect([a, b]).toEqual(['access-1', 'access-1']);
  });

  it('ends the session when the provider refuses the refresh token (invalid_grant)', async () => {
    provider.refreshResult = () => Promise.reject(new ProviderError('/token answered 400: grant request is invalid', 'invalid_grant'));
    const session = await sessions.create(login({ expiresInSeconds: 1 }));
    await expect(sessions.freshAccessToken(session)).rejects.toBeInstanceOf(SessionRequiredError);
    expect(await sessions.resolve(session.id)).toBeUndefined();
  });

  it.each([
    ['cannot be reached', new TypeError('fetch failed')],
    ['answers 503', new ProviderError('/token answered 503: error')],
  ])('keeps the session and answers 503 when the provider %s, so a later refresh can succeed', async (_case, failure) => {
    provider.refreshResult = () => Promise.reject(failure);
    const session = await sessions.create(login({ expiresInSeconds: 1 }));
    const refused = sessions.freshAccessToken(session);
    await expect(refused).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
    await expect(refused).rejects.toMatchObject({ status: 503, code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
    const kept = await sessions.resolve(session.id);
    expect(kept?.tokens.refreshToken).toBe('refresh-0');

    provider.refreshResult = () => Promise.resolve({ access_token: 'access-after', token_type: 'Bearer', expires_in: 300 });
    expect(await sessions.freshAccessToken(kept!)).toBe('access-after');
  });

  it('keeps the session when storing refreshed tokens fails, surfacing the store error', async () => {
    const store = new MemoryKeyValueStore(1000);
    const own = new SessionService(store, options, provider as unknown as OidcProviderClient, new MetricsService());
    const session = await own.create(login({ expiresInSeconds: 1 }));
    jest.spyOn(store, 'set').mockRejectedValueOnce(new Error('store is down'));
    await expect(own.freshAccessToken(session)).rejects.toThrow('store is down');
    expect(await own.resolve(session.id)).toBeDefined();
  });

  it('logout ends the session and revokes its refresh token', async () => {
    const session = await sessions.create(login());
    expect(await sessions.logout(session.id)).toEqual({ ended: true });
    expect(provider.revoked).toEqual(['refresh-0']);
    expect(await sessions.resolve(session.id)).toBeUndefined();
  });

  it('back-channel logout by sid ends exactly that provider session', async () => {
    const mine = await sessions.create(login({ providerSessionId: 'sid-1' }));
    const otherTab = await sessions.create(login({ providerSessionId: 'sid-1' }));
    const otherDevice = await sessions.create(login({ providerSessionId: 'sid-2' }));
    expect(await sessions.endByProvider({ subject: 'u_0001', sessionId: 'sid-1', jti: 'j1' })).toBe(2);
    expect(await sessions.resolve(mine.id)).toBeUndefined();
    expect(await sessions.resolve(otherTab.id)).toBeUndefined();
    expect(await sessions.resolve(otherDevice.id)).toBeDefined();
  });

  it('back-channel logout by sub ends every session of that user only', async () => {
    const ada = await sessions.create(login());
    const grace = await sessions.create(login({ subject: 'u_0002', providerSessionId: 'sid-9' }));
    expect(await sessions.endByProvider({ subject: 'u_0001', jti: 'j2' })).toBe(1);
    expect(await sessions.resolve(ada.id)).toBeUndefined();
    expect(await sessions.resolve(grace.id)).toBeDefined();
  });

  it('a logout token for another subject ends nothing, and a replayed one is ignored', async () => {
    const ada = await sessions.create(login());
    expect(await sessions.endByProvider({ subject: 'u_0099', sessionId: 'sid-1', jti: 'j3' })).toBe(0);
    expect(await sessions.resolve(ada.id)).toBeDefined();
    expect(await sessions.endByProvider({ subject: 'u_0001', sessionId: 'sid-1', jti: 'j3' })).toBe(0);
    expect(await sessions.resolve(ada.id)).toBeDefined();
    expect(await sessions.endByProvider({ subject: 'u_0001', sessionId: 'sid-1', jti: 'j4' })).toBe(1);
    expect(await sessions.resolve(ada.id)).toBeUndefined();
  });

  it('ignores cookie values that are absent, unknown or oversized', async () => {
    expect(await sessions.resolve(undefined)).toBeUndefined();
    expect(await sessions.resolve('nope')).toBeUndefined();
    expect(await sessions.resolve('x'.repeat(500))).toBeUndefined();
  });
});
