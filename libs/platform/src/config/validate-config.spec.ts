import { IsInt, IsUrl, Max, Min } from 'class-validator';
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
