import { MetricsService } from '@facet/platform';
import { MemoryKeyValueStore } from './memory.store';
import { type OidcProviderClient, ProviderError, type TokenResponse } from './oidc-provider.client';
import { IdentityProviderUnavailableError, SessionRequiredError } from './session.errors';
import { SessionService } from './session.service';
import { FakeProvider, testLogin as login, testSessionOptions as options } from './session.spec-helper';

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
    const now = Date.now();
    const session = await own.create(login(), now);
    const set = jest.spyOn(store, 'set');
    await own.resolve(session.id, now + 60_000);
    expect(set).toHaveBeenCalledTimes(1);
    expect(set.mock.calls[0][0]).toMatch(/:seen$/);
  });

  describe('activity', () => {
    let store: MemoryKeyValueStore;
    let own: SessionService;
    let activityWrites: jest.SpyInstance;

    beforeEach(() => {
      store = new MemoryKeyValueStore(1000);
      own = new SessionService(store, options, provider.asClient(), new MetricsService());
      activityWrites = jest.spyOn(store, 'set');
    });

    it('is written once for requests within the touch interval, and again after it', async () => {
      const now = Date.now();
      const session = await own.create(login(), now);
      activityWrites.mockClear();
      // 600 s idle timeout: the interval is 30 s.
      await own.resolve(session.id, now + 30_000);
      await own.resolve(session.id, now + 45_000);
      expect(activityWrites).toHaveBeenCalledTimes(1);
      await own.resolve(session.id, now + 60_000);
      expect(activityWrites).toHaveBeenCalledTimes(2);
      expect(activityWrites.mock.calls.map(([key]) => key)).toEqual([expect.stringMatching(/:seen$/), expect.stringMatching(/:seen$/)]);
    });

    it('is not written by a request right after login, whose expiry then counts from the stored time', async () => {
      const now = Date.now();
      const session = await own.create(login(), now);
      activityWrites.mockClear();
      const resolved = await own.resolve(session.id, now + 20_000);
      expect(activityWrites).not.toHaveBeenCalled();
      expect(resolved?.lastSeenAt).toBe(now);
      expect(resolved?.expiresAt).toBe(now + 600_000);
    });

    it('moves the expiry when it is written', async () => {
      const now = Date.now();
      const session = await own.create(login(), now);
      const resolved = await own.resolve(session.id, now + 30_000);
      expect(resolved?.lastSeenAt).toBe(now + 30_000);
      expect(resolved?.expiresAt).toBe(now + 30_000 + 600_000);
    });

    it.each([
      ['a twentieth of a short idle timeout', 4, 200],
      ['30 s at most for a long idle timeout', 3600, 30_000],
    ])('is written once per touch interval: %s', async (_case, idleTimeoutSeconds, interval) => {
      const timed = new SessionService(store, { ...options, idleTimeoutSeconds }, provider.asClient(), new MetricsService());
      const now = Date.now();
      const session = await timed.create(login(), now);
      activityWrites.mockClear();
      await timed.resolve(session.id, now + interval - 1);
      expect(activityWrites).not.toHaveBeenCalled();
      await timed.resolve(session.id, now + interval);
      expect(activityWrites).toHaveBeenCalledTimes(1);
    });

    it('still lets a session left idle time out, at most one touch interval early', async () => {
      const now = Date.now();
      const session = await own.create(login(), now);
      expect(await own.resolve(session.id, now + 30_000)).toBeDefined();
      // Seen again 10 s later, within the interval: not written, so idle time counts from now + 30 s.
      expect(await own.resolve(session.id, now + 40_000)).toBeDefined();
      expect(await own.resolve(session.id, now + 30_000 + 600_000)).toBeUndefined();
    });
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

  it('releases only its own refresh lock: a holder slower than the lock leaves the lock another replica took since', async () => {
    const shared = new MemoryKeyValueStore(1000);
    const locking = jest.spyOn(shared, 'setIfAbsent');
    const slowReplica = new SessionService(shared, options, provider.asClient(), new MetricsService());
    const session = await slowReplica.create(login({ expiresInSeconds: 10 }));
    let lock = '';
    provider.refreshResult = async () => {
      // While the provider answers, the slow replica's lock expires and another replica takes it.
      lock = locking.mock.calls[0][0];
      await shared.delete(lock);
      expect(await shared.setIfAbsent(lock, 'other-replica', 60_000)).toBe(true);
      return { access_token: 'access-1', token_type: 'Bearer', expires_in: 300 };
    };
    expect(await slowReplica.freshAccessToken(session)).toBe('access-1');
    expect(lock).toMatch(/:refreshing$/);
    expect(await shared.get(lock)).toBe('other-replica');
  });

  it('takes each refresh lock with its own random owner, and releases it when done', async () => {
    const shared = new MemoryKeyValueStore(1000);
    const locking = jest.spyOn(shared, 'setIfAbsent');
    const own = new SessionService(shared, options, provider.asClient(), new MetricsService());
    const first = await own.create(login({ expiresInSeconds: 10 }));
    const second = await own.create(login({ expiresInSeconds: 10 }));
    await own.freshAccessToken(first);
    await own.freshAccessToken(second);
    const [[firstLock, firstOwner], [secondLock, secondOwner]] = locking.mock.calls;
    expect(firstOwner).toMatch(/^[\w-]{22}$/);
    expect(secondOwner).not.toBe(firstOwner);
    expect(await shared.get(firstLock)).toBeUndefined();
    expect(await shared.get(secondLock)).toBeUndefined();
  });

  it("answers 503 and keeps the session when another replica's refresh does not finish in time", async () => {
    const shared = new MemoryKeyValueStore(1000);
    // The stuck replica's lock (10 s by default) outlives this replica's short wait.
    const stuck = new SessionService(shared, options, provider.asClient(), new MetricsService());
    const waiting = new SessionService(shared, options, provider.asClient(), new MetricsService(), { waitMs: 40, pollMs: 5 });
    const session = await stuck.create(login({ expiresInSeconds: 10 }));
    let answer: (tokens: TokenResponse) => void = () => undefined;
    provider.refreshResult = () => new Promise((resolve) => (answer = resolve));
    const stuckRefresh = stuck.freshAccessToken(session);
    await new Promise((resolve) => setTimeout(resolve, 20));

    const refused = waiting.freshAccessToken(session);
    await expect(refused).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
    await expect(refused).rejects.toMatchObject({ status: 503, code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
    expect(await waiting.resolve(session.id)).toBeDefined();

    answer({ access_token: 'access-late', token_type: 'Bearer', expires_in: 300 });
    expect(await stuckRefresh).toBe('access-late');
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
