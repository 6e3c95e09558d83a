import { randomUUID } from 'node:crypto';
import { testRedisUrl } from '@facet/testing';
import type { KeyValueStore } from '../session/key-value.store';
import { MemoryKeyValueStore } from '../session/memory.store';
import { RedisKeyValueStore } from '../session/redis.store';
import { UnauthenticatedError } from '../bearer/bearer-auth.errors';
import { API_KEY_FORMAT, digestOf, parseApiKey, secretMatches } from './api-key';
import { ApiKeyRegistry } from './api-key.registry';

describe('API key format', () => {
  it('parses only fpk_<16 hex>_<43 base64url>', () => {
    const key = `fpk_0123456789abcdef_${'A'.repeat(43)}`;
    expect(parseApiKey(key)).toEqual({ keyId: '0123456789abcdef', secret: 'A'.repeat(43) });
    for (const bad of [
      `${key} `,
      key.replace('fpk_', 'fk_'),
      `fpk_0123456789ABCDEF_${'A'.repeat(43)}`,
      `fpk_0123456789abcdef_${'A'.repeat(42)}`,
      '',
    ]) {
      expect(parseApiKey(bad)).toBeUndefined();
    }
  });

  it('matches a secret against its digest, and nothing else', () => {
    const digest = digestOf('s3cret');
    expect(secretMatches('s3cret', digest)).toBe(true);
    expect(secretMatches('s3cres', digest)).toBe(false);
    expect(secretMatches('s3cret', 'short')).toBe(false);
  });
});

describe.each([
  ['in memory', (): KeyValueStore => new MemoryKeyValueStore(100)],
  ['in Redis', (): KeyValueStore => new RedisKeyValueStore(testRedisUrl(), `facet-test:${randomUUID()}:`)],
])('ApiKeyRegistry %s', (_where, storeFor) => {
  let store: KeyValueStore;
  let registry: ApiKeyRegistry;
  const issue = (partnerId = 'acme', scopes = ['partner:orders:read']) =>
    registry.issue({ partnerId, scopes, label: 'test', validDays: 30 });

  beforeEach(() => {
    store = storeFor();
    registry = new ApiKeyRegistry(store);
  });

  afterEach(() => store.close());

  it('issues a key that authenticates as its partner with its scopes, and stores only a digest of it', async () => {
    const { key, description } = await issue('acme', ['partner:products:read', 'partner:orders:read', 'partner:orders:read']);
    expect(key).toMatch(API_KEY_FORMAT);
    expect(description).toMatchObject({ partnerId: 'acme', scopes: ['partner:orders:read', 'partner:products:read'], label: 'test' });
    expect(description).not.toHaveProperty('secretDigest');
    const caller = await registry.authenticate(key);
    expect(caller).toMatchObject({ keyId: description.keyId, partnerId: 'acme', scopes: ['partner:orders:read', 'partner:products:read'] });
    const stored = await store.get(`api-key:${description.keyId}`);
    expect(stored).not.toContain(parseApiKey(key)!.secret);
  });

  it('refuses a wrong secret for a real key id, an unknown key id and a malformed key alike', async () => {
    const { key } = await issue();
    const { keyId } = parseApiKey(key)!;
    const refusals = [`fpk_${keyId}_${'B'.repeat(43)}`, `fpk_${'f'.repeat(16)}_${'B'.repeat(43)}`, 'not-a-key'];
    for (const presented of refusals) {
      await expect(registry.authenticate(presented)).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    await expect(registry.authenticate(refusals[0])).rejects.toThrow('The API key is not valid');
    await expect(registry.authenticate(refusals[1])).rejects.toThrow('The API key is not valid');
  });

  it('keeps several keys per partner working until each is revoked (rotation), and refuses a revoked one at once', async () => {
    const old = await issue();
    const replacement = await issue();
    await issue('globex');
    const acmeKeys = (await registry.keysOf('acme')).map((key) => key.keyId).sort();
    expect(acmeKeys).toEqual([old.description.keyId, replacement.description.keyId].sort());
    await expect(registry.authenticate(old.key)).resolves.toMatchObject({ partnerId: 'acme' });
    expect(await registry.revoke(old.description.keyId)).toBe(true);
    await expect(registry.authenticate(old.key)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(registry.authenticate(replacement.key)).resolves.toMatchObject({ partnerId: 'acme' });
    expect((await registry.keysOf('acme')).map((key) => key.keyId)).toEqual([replacement.description.keyId]);
    expect(await registry.revoke(old.description.keyId)).toBe(false);
  });

  it('refuses a key past its expiry', async () => {
    const { key, description } = await issue();
    const record = JSON.parse((await store.get(`api-key:${description.keyId}`))!) as { expiresAt: string };
    record.expiresAt = new Date(Date.now() - 1000).toISOString();
    await store.set(`api-key:${description.keyId}`, JSON.stringify(record), 60_000);
    await expect(registry.authenticate(key)).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe('ApiKeyRegistry when the store fails', () => {
  it('answers 503, not 401: the key may be good', async () => {
    const store = new MemoryKeyValueStore(10);
    const registry = new ApiKeyRegistry(store);
    const { key } = await registry.issue({ partnerId: 'acme', scopes: [], label: 'x', validDays: 1 });
    jest.spyOn(store, 'get').mockRejectedValue(new Error('connection lost'));
    await expect(registry.authenticate(key)).rejects.toMatchObject({ status: 503, code: 'AUTH_UNAVAILABLE' });
  });
});
