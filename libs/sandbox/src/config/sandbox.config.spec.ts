import { ConfigurationError, configValidator } from '@facet/platform';
import { SandboxConfig } from './sandbox.config';

describe('SandboxConfig', () => {
  const validate = configValidator(SandboxConfig);

  it('defaults to no sandbox mode (no admin routes) and no faults', () => {
    expect(validate({})).toMatchObject({ SANDBOX: false, FAULT_LATENCY_MS: 0, FAULT_JITTER_MS: 0, FAULT_ERROR_RATE: 0, FAULT_HANG: false });
  });

  it('reads "false" as false (implicit conversion would not) and numbers as numbers', () => {
    expect(validate({ SANDBOX: 'false', FAULT_HANG: 'true', FAULT_LATENCY_MS: '250', FAULT_ERROR_RATE: '0.5' })).toMatchObject({
      SANDBOX: false,
      FAULT_HANG: true,
      FAULT_LATENCY_MS: 250,
      FAULT_ERROR_RATE: 0.5,
    });
    expect(validate({ SANDBOX: '0' }).SANDBOX).toBe(false);
  });

  it('names a malformed setting', () => {
    expect(() => validate({ SANDBOX: 'maybe' })).toThrow(ConfigurationError);
    expect(() => validate({ SANDBOX: 'maybe' })).toThrow(/SANDBOX/);
    expect(() => validate({ FAULT_ERROR_RATE: '2' })).toThrow(/FAULT_ERROR_RATE/);
  });

  it('refuses the sandbox (open admin routes) in production', () => {
    expect(() => validate({ NODE_ENV: 'production', SANDBOX: 'true' })).toThrow(/SANDBOX .*must not be true when NODE_ENV=production/);
    expect(validate({ NODE_ENV: 'production', SANDBOX: 'false' }).SANDBOX).toBe(false);
  });
});
