import { createHash, randomUUID } from 'node:crypto';
import { testRedisUrl } from '@facet/testing';
import { MetricsService } from '@facet/platform';
import Redis from 'ioredis';
import type { KeyValueStore } from './key-value.store';
import { MemoryKeyValueStore } from './memory.store';
import { RedisKeyValueStore } from './redis.store';
import { SessionCipher } from './session-cipher';
import { SessionService } from './session.service';
import { FakeProvider, sealLegacy, testLogin as login, testSessionOptions } from './session.spec-helper';
import type { WebSessionOptions } from './web-session.options';

const OLD_SECRET = testSessionOptions.encryptionSecret;
const NEW_SECRET = 'the-rotated-encryption-secret-0123456789';

const sessionKey = (id: string): string => `session:${createHash('sha256').update(id).digest('base64url')}`;

/** Session records in a real Redis, read and written behind the BFF's back as someone with access to Redis could. */
describe('session records at rest in Redis', () => {
  const raw = new Redis(testRedisUrl());
  let prefix: string;
  const stores: KeyValueStore[] = [];

  function service(options: Partial<WebSessionOptions> = {}): SessionService {
    const store = new RedisKeyValueStore(testRedisUrl(), prefix);
    stores.push(store);
    return new SessionService(
      store,
      { ...testSessionOptions, store: 'redis', ...options },
      new FakeProvider().asClient(),
      new MetricsService(),
    );
  }

  beforeEach(() => {
    prefix = `facet-test:${randomUUID()}:`;
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await raw.quit();
  });

  it('a session record and its activity copied under another session key are treated as absent there', async () => {
    const sessions = service();
    const victim = await sessions.create(login({ subject: 'u_victim' }));
    const attacker = await sessions.create(login({ subject: 'u_attacker' }));
    for (const suffix of ['', ':seen']) {
      const record = await raw.get(`${prefix}${sessionKey(victim.id)}${suffix}`);
      await raw.set(`${prefix}${sessionKey(attacker.id)}${suffix}`, record!, 'PX', 60_000);
    }
    expect(await sessions.resolve(attacker.id)).toBeUndefined();
    expect((await sessions.resolve(victim.id))?.subject).toBe('u_victim');
  });

  it('keeps the activity record sealed, not in clear', async () => {
    const sessions = service();
    const now = Date.now();
    const session = await sessions.create(login(), now);
    const activity = await raw.get(`${prefix}${sessionKey(session.id)}:seen`);
    expect(activity).not.toContain(String(now));
    expect(activity).toMatch(/^v2\./);
  });

  it('ends a session whose activity was replaced by a value in clear', async () => {
    const sessions = service();
    const session = await sessions.create(login());
    await raw.set(`${prefix}${sessionKey(session.id)}:seen`, String(Date.now()), 'PX', 60_000);
    expect(await sessions.resolve(session.id)).toBeUndefined();
  });

  it('after a key rotation, reads a session sealed with the previous secret and writes it again with the new one', async () => {
    const session = await service().create(login());
    const rotated = service({ encryptionSecret: NEW_SECRET, previousEncryptionSecrets: [OLD_SECRET] });
    expect((await rotated.resolve(session.id))?.tokens.accessToken).toBe('access-0');

    const newKeyOnly = new SessionCipher(NEW_SECRET);
    const record = await raw.get(`${prefix}${sessionKey(session.id)}`);
    const activity = await raw.get(`${prefix}${sessionKey(session.id)}:seen`);
    expect(newKeyOnly.open(record!, sessionKey(session.id))?.stale).toBe(false);
    expect(newKeyOnly.open(activity!, `${sessionKey(session.id)}:seen`)?.stale).toBe(false);
    expect((await service({ encryptionSecret: NEW_SECRET }).resolve(session.id))?.subject).toBe('u_0001');
  });

  it('refuses a session sealed with a key it does not know', async () => {
    const session = await service().create(login());
    expect(await service({ encryptionSecret: NEW_SECRET }).resolve(session.id)).toBeUndefined();
  });

  it('refuses a session written before records were bound to their keys, under its own key or moved, even with its activity', async () => {
    const now = Date.now();
    const { returnTo: _returnTo, ...rest } = login();
    const legacyRecord = {
      subject: rest.subject,
      providerSessionId: rest.providerSessionId,
      profile: rest.profile,
      tokens: {
        accessToken: rest.accessToken,
        accessTokenExpiresAt: now + 300_000,
        refreshToken: rest.refreshToken,
        idToken: rest.idToken,
      },
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt: now + 3_600_000,
    };
    const sessions = service();
    for (const id of ['a-session-id-from-before-the-upgrade-000000', 'an-id-an-attacker-chose-for-a-copied-record-00']) {
      await raw.set(`${prefix}${sessionKey(id)}`, sealLegacy(OLD_SECRET, JSON.stringify(legacyRecord)), 'PX', 3_600_000);
      // Old versions kept activity in clear: a plain number beside the record.
      await raw.set(`${prefix}${sessionKey(id)}:seen`, String(now), 'PX', 600_000);
      expect(await sessions.resolve(id)).toBeUndefined();
    }
  });
});

describe.each([
  ['memory', (): KeyValueStore => new MemoryKeyValueStore(1000)],
  ['redis', (): KeyValueStore => new RedisKeyValueStore(testRedisUrl(), `facet-test:${randomUUID()}:`)],
])('sessions per user, %s store', (_name, create) => {
  const options: WebSessionOptions = { ...testSessionOptions, maxSessionsPerUser: 3 };
  let store: KeyValueStore;
  let sessions: SessionService;

  beforeEach(() => {
    store = create();
    sessions = new SessionService(store, options, new FakeProvider().asClient(), new MetricsService());
  });
  afterEach(() => store.close());

  it('a login beyond the bound ends that user’s oldest session, and only that one', async () => {
    const now = Date.now();
    const logins = [];
    for (let i = 0; i < 4; i++) logins.push(await sessions.create(login(), now + i));
    const other = await sessions.create(login({ subject: 'u_0002', providerSessionId: 'sid-2' }), now);

    expect(await sessions.resolve(logins[0].id, now + 10)).toBeUndefined();
    for (const kept of logins.slice(1)) expect(await sessions.resolve(kept.id, now + 10)).toBeDefined();
    expect(await sessions.resolve(other.id, now + 10)).toBeDefined();
  });

  it('sessions that ended no longer count against the bound', async () => {
    const now = Date.now();
    const first = await sessions.create(login(), now);
    const second = await sessions.create(login(), now + 1);
    const third = await sessions.create(login(), now + 2);
    await sessions.logout(second.id);
    const fourth = await sessions.create(login(), now + 3);

    for (const kept of [first, third, fourth]) expect(await sessions.resolve(kept.id, now + 10)).toBeDefined();
  });
});
