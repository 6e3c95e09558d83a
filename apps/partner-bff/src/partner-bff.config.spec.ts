import { configRefusal, DEV_ONLY_APP_ENV } from '@facet/testing';
import { partnerClientsOf } from '@facet/bff';
import { configValidator } from '@facet/platform';
import { PartnerBffConfig } from './partner-bff.config';

/** What a real deployment would set: an https issuer, its own secrets, Redis with TLS shared by the replicas. */
const PRODUCTION = {
  NODE_ENV: 'production',
  OIDC_ISSUER_URL: 'https://login.example.com/',
  OIDC_CLIENT_SECRET: 'a-real-client-secret-from-the-vault',
  CURSOR_SIGNING_SECRET: 'a-real-cursor-secret-of-at-least-32-characters',
  PARTNER_ADMIN_TOKEN: 'a-real-admin-token-of-at-least-32-characters',
  PARTNER_CLIENTS: 'acme-erp=acme,globex.logistics=globex',
  STATE_STORE: 'redis',
  REDIS_URL: 'rediss://redis.internal:6380',
};

const DEV_SECRETS = Object.entries(DEV_ONLY_APP_ENV['partner-bff'] ?? {}).filter(([, value]) => value.startsWith('dev-only'));

describe('PartnerBffConfig', () => {
  const validate = configValidator(PartnerBffConfig);
  const refusal = configRefusal(PartnerBffConfig);

  it('starts with production settings, and with the local stack’s in development', () => {
    expect(validate(PRODUCTION)).toMatchObject({
      PORT: 3002,
      PARTNER_API_AUDIENCE: 'urn:facet:partner-api',
      OIDC_CLIENT_ID: 'facet-partner-bff',
    });
    expect(validate({ ...DEV_ONLY_APP_ENV['partner-bff'] })).toMatchObject({ NODE_ENV: 'development', STATE_STORE: 'memory' });
  });

  it('reads PARTNER_CLIENTS as a map from client id to partner id, and refuses anything else', () => {
    expect(partnerClientsOf(validate(PRODUCTION).PARTNER_CLIENTS)).toEqual({ 'acme-erp': 'acme', 'globex.logistics': 'globex' });
    for (const bad of ['acme', 'acme-erp=ACME', 'a=acme,', 'a=acme;b=globex', 'a=acme,b']) {
      expect(refusal({ ...PRODUCTION, PARTNER_CLIENTS: bad })).toContain('PARTNER_CLIENTS must be client-id=partner-id pairs');
    }
  });

  it('has dev-only secrets for the local stack, and refuses each in production without showing it', () => {
    expect(DEV_SECRETS.map(([setting]) => setting).sort()).toEqual(['CURSOR_SIGNING_SECRET', 'OIDC_CLIENT_SECRET', 'PARTNER_ADMIN_TOKEN']);
    for (const [setting, value] of DEV_SECRETS) {
      const message = refusal({ ...PRODUCTION, [setting]: value });
      expect(message).toMatch(new RegExp(`${setting} \\(secret, not shown\\): .*dev-only value`));
      expect(message).not.toContain(value);
    }
  });

  it('names every missing setting, and refuses a short admin token', () => {
    const message = refusal({});
    for (const setting of ['OIDC_CLIENT_SECRET', 'CURSOR_SIGNING_SECRET', 'PARTNER_ADMIN_TOKEN', 'PARTNER_CLIENTS']) {
      expect(message).toContain(`${setting} (missing)`);
    }
    expect(refusal({ ...PRODUCTION, PARTNER_ADMIN_TOKEN: 'short' })).toMatch(/PARTNER_ADMIN_TOKEN \(secret, not shown\)/);
  });
});
