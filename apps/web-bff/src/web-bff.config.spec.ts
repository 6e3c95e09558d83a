import { configRefusal } from '@facet/testing';
import { configValidator } from '@facet/platform';
import { WebBffConfig } from './web-bff.config';

/** What a real deployment would set: https origins, its own secrets, Redis with TLS. */
const PRODUCTION = {
  NODE_ENV: 'production',
  WEB_BFF_URL: 'https://shop.example.com',
  OIDC_ISSUER_URL: 'https://login.example.com/',
  OIDC_CLIENT_SECRET: 'a-real-client-secret-from-the-vault',
  SESSION_ENCRYPTION_SECRET: 'a-real-encryption-secret-of-at-least-32-characters',
  CURSOR_SIGNING_SECRET: 'a-real-cursor-signing-secret-of-at-least-32-characters',
  SESSION_STORE: 'redis',
  REDIS_URL: 'rediss://redis.internal:6380',
};

const DEV_CLIENT_SECRET = 'dev-only-web-bff-secret';
const DEV_SESSION_SECRET = 'dev-only-session-encryption-secret-not-for-production';
const DEV_CURSOR_SECRET = 'dev-only-web-cursor-signing-secret-not-for-production';

describe('WebBffConfig in production (NODE_ENV=production)', () => {
  const validate = configValidator(WebBffConfig);
  const refusal = configRefusal(WebBffConfig);

  it('starts with production settings', () => {
    expect(validate(PRODUCTION)).toMatchObject({ NODE_ENV: 'production', REDIS_URL: 'rediss://redis.internal:6380' });
  });

  it('refuses the dev-only client secret without showing it', () => {
    const message = refusal({ ...PRODUCTION, OIDC_CLIENT_SECRET: DEV_CLIENT_SECRET });
    expect(message).toMatch(/OIDC_CLIENT_SECRET \(secret, not shown\): OIDC_CLIENT_SECRET is a dev-only value/);
    expect(message).not.toContain(DEV_CLIENT_SECRET);
  });

  it('refuses the dev-only session encryption secret without showing it', () => {
    const message = refusal({ ...PRODUCTION, SESSION_ENCRYPTION_SECRET: DEV_SESSION_SECRET });
    expect(message).toMatch(/SESSION_ENCRYPTION_SECRET \(secret, not shown\): .*dev-only value/);
    expect(message).not.toContain(DEV_SESSION_SECRET);
  });

  it('calls the services through undici unless told axios, and refuses any other transport', () => {
    expect(validate(PRODUCTION).DOWNSTREAM_TRANSPORT).toBe('undici');
    expect(validate({ ...PRODUCTION, DOWNSTREAM_TRANSPORT: 'axios' }).DOWNSTREAM_TRANSPORT).toBe('axios');
    expect(refusal({ ...PRODUCTION, DOWNSTREAM_TRANSPORT: 'fetch' })).toMatch(/DOWNSTREAM_TRANSPORT/);
  });

  it('refuses the dev-only cursor signing secret without showing it', () => {
    const message = refusal({ ...PRODUCTION, CURSOR_SIGNING_SECRET: DEV_CURSOR_SECRET });
    expect(message).toMatch(/CURSOR_SIGNING_SECRET \(secret, not shown\): .*dev-only value/);
    expect(message).not.toContain(DEV_CURSOR_SECRET);
  });

  it('refuses a malformed list of previous encryption secrets without showing it', () => {
    const previous = 'an-old-secret-that-is-long-enough-000,short';
    const message = refusal({ ...PRODUCTION, SESSION_ENCRYPTION_SECRETS_PREVIOUS: previous });
    expect(message).toMatch(/SESSION_ENCRYPTION_SECRETS_PREVIOUS \(secret, not shown\): /);
    expect(message).not.toContain('an-old-secret');
  });

  it.each([
    ['a cased or spaced dev-only secret', { OIDC_CLIENT_SECRET: ` ${DEV_CLIENT_SECRET.toUpperCase()}` }, 'OIDC_CLIENT_SECRET'],
    [
      'a dev-only secret among the previous encryption secrets',
      { SESSION_ENCRYPTION_SECRETS_PREVIOUS: `an-old-real-secret-of-at-least-32-chars,${DEV_SESSION_SECRET}` },
      'SESSION_ENCRYPTION_SECRETS_PREVIOUS',
    ],
    ['a Redis URL whose password is blank', { REDIS_URL: 'redis://:%20@redis.internal:6379' }, 'REDIS_URL'],
  ])('refuses %s', (_what, settings: Record<string, string>, name) => {
    const message = refusal({ ...PRODUCTION, ...settings });
    expect(message).toContain(`${name} (secret, not shown)`);
    for (const value of Object.values(settings)) expect(message).not.toContain(value.trim());
  });

  it('refuses an http issuer and an http public origin', () => {
    expect(refusal({ ...PRODUCTION, OIDC_ISSUER_URL: 'http://login.example.com' })).toMatch(/OIDC_ISSUER_URL .*must be an https URL/);
    expect(refusal({ ...PRODUCTION, WEB_BFF_URL: 'http://shop.example.com' })).toMatch(/WEB_BFF_URL .*must be an https URL/);
  });

  it('refuses a redis:// URL without a password, without showing the URL', () => {
    const message = refusal({ ...PRODUCTION, REDIS_URL: 'redis://redis.internal:6379' });
    expect(message).toMatch(/REDIS_URL \(secret, not shown\): REDIS_URL must be a rediss:\/\/ URL or carry a password/);
    expect(message).not.toContain('redis.internal');
  });

  it('takes a redis:// URL that carries a password', () => {
    expect(validate({ ...PRODUCTION, REDIS_URL: 'redis://:s3cret-pass@redis.internal:6379' }).REDIS_URL).toContain('redis.internal');
  });

  it('lets development (and tests) run with the dev-only values, http and plain Redis', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(
        validate({
          NODE_ENV,
          OIDC_CLIENT_SECRET: DEV_CLIENT_SECRET,
          SESSION_ENCRYPTION_SECRET: DEV_SESSION_SECRET,
          CURSOR_SIGNING_SECRET: DEV_CURSOR_SECRET,
          REDIS_URL: 'redis://127.0.0.1:6379',
        }),
      ).toMatchObject({ NODE_ENV, OIDC_ISSUER_URL: 'http://localhost:4000' });
    }
  });
});
