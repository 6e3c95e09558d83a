import { IsInt, IsUrl, Max, Min, MinLength } from 'class-validator';
import { PlatformConfig, managementAddress } from './platform.config';
import { Secret } from './production-rules';
import { IsHttpOrigin, IsHttpUrl } from './url-settings';
import { ConfigurationError, configValidator } from './validate-config';

class SampleConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  @IsUrl({ require_tld: false })
  ISSUER_URL!: string;
}

describe('configValidator', () => {
  const validate = configValidator(SampleConfig);

  it('converts strings to typed values and keeps defaults', () => {
    const config = validate({ ISSUER_URL: 'http://localhost:4000' });
    expect(config).toBeInstanceOf(SampleConfig);
    expect(config.PORT).toBe(3000);
    expect(validate({ PORT: '8080', ISSUER_URL: 'http://localhost:4000' }).PORT).toBe(8080);
  });

  it('names a missing setting', () => {
    expect(() => validate({})).toThrow(ConfigurationError);
    expect(() => validate({})).toThrow(/ISSUER_URL \(missing\)/);
  });

  it('names a malformed setting with what it received and what it expects', () => {
    expect(() => validate({ PORT: 'abc', ISSUER_URL: 'http://x' })).toThrow(/PORT \(got "abc"\): .*PORT must be an integer number/);
  });

  it('takes http(s) URLs without a TLD, and origins only without a trailing slash', () => {
    class Urls {
      @IsHttpUrl()
      ISSUER: string = 'https://tenant.example.com/';

      @IsHttpOrigin()
      PUBLIC_URL: string = 'http://localhost:3000';
    }
    const check = configValidator(Urls);
    expect(check({ ISSUER: 'http://dev-idp:4000' }).ISSUER).toBe('http://dev-idp:4000');
    expect(() => check({ ISSUER: 'ftp://files.example.com' })).toThrow(/ISSUER \(got "ftp/);
    expect(() => check({ ISSUER: 'localhost:4000' })).toThrow(/ISSUER/);
    expect(() => check({ PUBLIC_URL: 'https://shop.example.com/' })).toThrow(/PUBLIC_URL must not end with a slash/);
    expect(check({ PUBLIC_URL: 'https://shop.example.com' }).PUBLIC_URL).toBe('https://shop.example.com');
  });
});

describe('secret settings in configuration errors', () => {
  class WithSecret {
    @Secret()
    @MinLength(32)
    API_SECRET!: string;

    @IsInt()
    PORT: number = 3000;
  }
  const check = configValidator(WithSecret);

  it('names a rejected secret without showing its value, and still shows other values', () => {
    const attempt = (): unknown => check({ API_SECRET: 'short-but-secret-value', PORT: 'abc' });
    expect(attempt).toThrow(/API_SECRET \(secret, not shown\): API_SECRET must be longer than or equal to 32 characters/);
    expect(attempt).toThrow(/PORT \(got "abc"\)/);
    expect(attempt).not.toThrow(/short-but-secret-value/);
  });

  it('says a missing secret is missing', () => {
    expect(() => check({})).toThrow(/API_SECRET \(missing\)/);
  });
});

describe('platform settings', () => {
  const platform = configValidator(PlatformConfig);

  it('runs in development unless NODE_ENV says otherwise, and refuses an unknown NODE_ENV (a typo must not turn production checks off)', () => {
    expect(platform({}).NODE_ENV).toBe('development');
    expect(platform({ NODE_ENV: 'production' }).NODE_ENV).toBe('production');
    expect(() => platform({ NODE_ENV: 'prod' })).toThrow(/NODE_ENV \(got "prod"\)/);
  });

  it('puts the management port at PORT + 10000 on HOST unless set', () => {
    expect(managementAddress(platform({ PORT: '3000', HOST: '0.0.0.0' }))).toEqual({ port: 13_000, host: '0.0.0.0' });
    expect(managementAddress(platform({ PORT: '0' }))).toEqual({ port: 0, host: '127.0.0.1' });
    expect(managementAddress(platform({ MANAGEMENT_PORT: '9464', MANAGEMENT_HOST: '10.0.0.5' }))).toEqual({ port: 9464, host: '10.0.0.5' });
  });

  it('refuses a management port equal to PORT, or a default beyond 65535', () => {
    expect(() => platform({ PORT: '8080', MANAGEMENT_PORT: '8080' })).toThrow(/MANAGEMENT_PORT .*other than PORT/);
    expect(() => platform({ PORT: '60000' })).toThrow(/MANAGEMENT_PORT \(missing\): MANAGEMENT_PORT must be set/);
    expect(platform({ PORT: '60000', MANAGEMENT_PORT: '9464' }).MANAGEMENT_PORT).toBe(9464);
  });
});
