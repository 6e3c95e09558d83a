import { RequestValidationError } from '../errors/validation';
import { IDEMPOTENCY_KEY_FORMAT, parseIdempotencyKey } from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it('accepts an absent header and 1 to 255 visible ASCII characters', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('a')).toBe('a');
    expect(parseIdempotencyKey('~'.repeat(255))).toHaveLength(255);
    expect(parseIdempotencyKey('0b7c3f2e-4c1d-4a8e-9f3b-2d6e8a1c5b7f')).toBe('0b7c3f2e-4c1d-4a8e-9f3b-2d6e8a1c5b7f');
  });

  it('refuses anything else with a 400 naming the header', () => {
    for (const bad of ['', 'a'.repeat(256), 'has space', 'naïve', 'tab\there', ['a', 'b']]) {
      expect(() => parseIdempotencyKey(bad)).toThrow(RequestValidationError);
    }
    expect(() => parseIdempotencyKey('has space')).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'VALIDATION_FAILED',
        details: { fields: [expect.objectContaining({ field: 'Idempotency-Key' })] },
      }),
    );
    expect(IDEMPOTENCY_KEY_FORMAT.test('x'.repeat(256))).toBe(false);
  });
});
