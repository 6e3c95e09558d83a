import { configRefusal, DEV_ONLY_APP_ENV } from '@facet/testing';
import { configValidator } from '@facet/platform';
import { MobileBffConfig } from './mobile-bff.config';

/** What a real deployment would set: an https issuer, its own secrets, Redis with TLS shared by the replicas. */
const PRODUCTION = {
  NODE_ENV: 'production',
  OIDC_ISSUER_URL: 'https://login.example.com/',
  OIDC_CLIENT_SECRET: 'a-real-client-secret-from-the-vault',
  STATE_ENCRYPTION_SECRET: 'a-real-state-secret-of-at-least-32-characters',
  CURSOR_SIGNING_SECRET: 'a-real-cursor-secret-of-at-least-32-characters',
  STATE_STORE: 'redis',
  REDIS_URL: 'rediss://redis.internal:6380',
};

describe('MobileBffConfig', () => {
  const validate = configValidator(MobileBffConfig);
  const refusal = configRefusal(MobileBffConfig);

  it('starts with production settings, and with the local stack’s in development', () => {
    expect(validate(PRODUCTION)).toMatchObject({ PORT: 3001, BFF_AUDIENCE: 'urn:facet:mobile-bff', OIDC_CLIENT_ID: 'facet-mobile-bff' });
    expect(validate({ ...DEV_ONLY_APP_ENV['mobile-bff'] })).toMatchObject({ NODE_ENV: 'development', STATE_STORE: 'memory' });
  });

  it.each(Object.entries(DEV_ONLY_APP_ENV['mobile-bff'] ?? {}))(
    'refuses the dev-only %s in production without showing it',
    (setting, value) => {
      const message = refusal({ ...PRODUCTION, [setting]: value });
      expect(message).toMatch(new RegExp(`${setting} \\(secret, not shown\\): .*dev-only value`));
      expect(message).not.toContain(value);
    },
  );

  it('names every missing secret, and refuses short ones', () => {
    const message = refusal({});
    for (const setting of ['OIDC_CLIENT_SECRET', 'STATE_ENCRYPTION_SECRET', 'CURSOR_SIGNING_SECRET'])
      expect(message).toContain(`${setting} (missing)`);
    expect(refusal({ ...PRODUCTION, CURSOR_SIGNING_SECRET: 'too-short' })).toMatch(/CURSOR_SIGNING_SECRET \(secret, not shown\)/);
    expect(refusal({ ...PRODUCTION, CURSOR_SIGNING_SECRETS_PREVIOUS: 'old-but-long-enough-secret-000000000,short' })).toMatch(
      /CURSOR_SIGNING_SECRETS_PREVIOUS \(secret, not shown\): CURSOR_SIGNING_SECRETS_PREVIOUS must be comma-separated/,
    );
  });

  it('refuses an http issuer and a Redis without TLS or password in production', () => {
    expect(refusal({ ...PRODUCTION, OIDC_ISSUER_URL: 'http://login.example.com' })).toContain('OIDC_ISSUER_URL');
    expect(refusal({ ...PRODUCTION, REDIS_URL: 'redis://redis.internal:6379' })).toContain('REDIS_URL');
  });
});
