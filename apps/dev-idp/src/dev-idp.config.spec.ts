import { ConfigurationError, configValidator } from '@facet/platform';
import { DevIdpConfig } from './dev-idp.config';

describe('DevIdpConfig', () => {
  const validate = configValidator(DevIdpConfig);

  it('defaults to the local stack: port 4000, its issuer, web-bff on 3000 and the backend audience', () => {
    expect(validate({})).toMatchObject({
      PORT: 4000,
      OIDC_ISSUER_URL: 'http://localhost:4000',
      WEB_BFF_URL: 'http://localhost:3000',
      BACKEND_AUDIENCE: 'urn:facet:backend',
      ACCESS_TOKEN_TTL_SECONDS: 300,
      REFRESH_TOKEN_TTL_SECONDS: 28_800,
    });
  });

  it('reads lifetimes from the environment as numbers', () => {
    expect(validate({ ACCESS_TOKEN_TTL_SECONDS: '5', SESSION_TTL_SECONDS: '60' })).toMatchObject({
      ACCESS_TOKEN_TTL_SECONDS: 5,
      SESSION_TTL_SECONDS: 60,
    });
  });

  it.each([
    ['OIDC_ISSUER_URL', 'localhost:4000'],
    ['OIDC_ISSUER_URL', 'http://localhost:4000/'],
    ['WEB_BFF_URL', 'ftp://localhost:3000'],
    ['BACKEND_AUDIENCE', ''],
    ['ACCESS_TOKEN_TTL_SECONDS', '0'],
    ['REFRESH_TOKEN_TTL_SECONDS', 'soon'],
  ])('refuses %s=%j, naming it', (name, value) => {
    expect(() => validate({ [name]: value })).toThrow(ConfigurationError);
    expect(() => validate({ [name]: value })).toThrow(name);
  });

  it('refuses to run in production: it holds dev-only client secrets and the shared dev password', () => {
    expect(() => validate({ NODE_ENV: 'production' })).toThrow(/NODE_ENV \(got "production"\): dev-idp is for development and tests only/);
    expect(validate({ NODE_ENV: 'test' }).NODE_ENV).toBe('test');
  });
});
