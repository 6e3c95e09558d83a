import { createHash } from 'node:crypto';
import { MetricsService } from '@facet/platform';
import type { Request } from 'express';
import { LoginStateStore, type PendingLogin } from './login-state.store';
import { MemoryKeyValueStore } from './memory.store';
import { SessionCipher } from './session-cipher';
import { SessionService } from './session.service';
import { FakeProvider, sealLegacy, testLogin, testSessionOptions } from './session.spec-helper';
import { createPendingLoginStore, createSessionStore } from './session-stores';
import { LOGIN_BINDING_COOKIE, type WebSessionOptions } from './web-session.options';

const memoryOptions: WebSessionOptions = { ...testSessionOptions, store: 'memory', maxEntries: 10 };

/** Starts a login as an anonymous browser would; answers its state handle and binding cookie. */
function startLogin(logins: LoginStateStore): Promise<{ handle: string; binding: string }> {
  let binding = '';
  const req = { headers: {}, res: { cookie: (_name: string, value: string) => (binding = value) } } as unknown as Request;
  const pending: PendingLogin = { returnTo: '/', codeVerifier: 'verifier' };
  return new Promise((resolve, reject) =>
    logins.store(req, { nonce: 'nonce' }, pending, undefined, (error, handle) =>
      error || !handle ? reject(error ?? new Error('no handle')) : resolve({ handle, binding }),
    ),
  );
}

/** Whether the callback for this login would still find its state. */
function loginStillPending(logins: LoginStateStore, { handle, binding }: { handle: string; binding: string }): Promise<boolean> {
  const req = { headers: { cookie: `${LOGIN_BINDING_COOKIE}=${binding}` } } as unknown as Request;
  return new Promise((resolve, reject) =>
    logins.verify(req, handle, (error, ctx) => (error ? reject(error) : resolve(ctx !== false && ctx !== undefined))),
  );
}

describe('session stores in memory', () => {
  it('a flood of pending logins beyond the bound drops only pending logins, never a live session', async () => {
    const sessionStore = createSessionStore(memoryOptions);
    const sessions = new SessionService(sessionStore, memoryOptions, new FakeProvider().asClient(), new MetricsService());
    const logins = new LoginStateStore(
      createPendingLoginStore(sessionStore, memoryOptions),
      new SessionCipher(memoryOptions.encryptionSecret),
    );
    const session = await sessions.create(testLogin());
    const earliest = await startLogin(logins);
    for (let i = 0; i < 3 * memoryOptions.maxEntries; i++) await startLogin(logins);
    const latest = await startLogin(logins);

    expect(await sessions.resolve(session.id)).toBeDefined();
    expect(await loginStillPending(logins, earliest)).toBe(false);
    expect(await loginStillPending(logins, latest)).toBe(true);
  });

  it('a pending login copied under another state value is unknown there, and a legacy one is refused', async () => {
    const kv = new MemoryKeyValueStore(10);
    const logins = new LoginStateStore(kv, new SessionCipher(memoryOptions.encryptionSecret));
    const first = await startLogin(logins);
    const second = await startLogin(logins);
    await kv.set(`login:${second.handle}`, (await kv.get(`login:${first.handle}`))!, 60_000);
    expect(await loginStillPending(logins, second)).toBe(false);

    const legacy = await startLogin(logins);
    const binding = createHash('sha256').update(legacy.binding).digest('base64url');
    const record = { ctx: { nonce: 'nonce' }, login: { returnTo: '/', codeVerifier: 'verifier' }, binding };
    await kv.set(`login:${legacy.handle}`, sealLegacy(memoryOptions.encryptionSecret, JSON.stringify(record)), 60_000);
    expect(await loginStillPending(logins, legacy)).toBe(false);
  });

  it('pending logins share the Redis store, which evicts by expiry rather than by recency', () => {
    const sessionStore = new MemoryKeyValueStore(10);
    expect(createPendingLoginStore(sessionStore, { ...memoryOptions, store: 'redis' })).toBe(sessionStore);
    expect(createPendingLoginStore(sessionStore, memoryOptions)).not.toBe(sessionStore);
  });
});
