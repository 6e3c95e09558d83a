import { SessionCipher } from './session-cipher';
import { sealLegacy } from './session.spec-helper';

const SECRET = 'a-test-secret-that-is-long-enough-0123';
const NEXT_SECRET = 'the-next-secret-that-is-long-enough-4567';

describe('SessionCipher', () => {
  const cipher = new SessionCipher(SECRET);

  it('round-trips and never stores the plaintext', () => {
    const sealed = cipher.seal('{"accessToken":"eyJ.secret"}', 'session:a');
    expect(sealed).not.toContain('secret');
    expect(cipher.open(sealed, 'session:a')).toEqual({ plaintext: '{"accessToken":"eyJ.secret"}', stale: false, legacy: false });
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.seal('same', 'k')).not.toBe(cipher.seal('same', 'k'));
  });

  it('refuses tampered values and values sealed with another key', () => {
    const sealed = cipher.seal('payload', 'k');
    const [v, kid, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(cipher.open([v, kid, iv, flipped.toString('base64url'), tag].join('.'), 'k')).toBeUndefined();
    expect(new SessionCipher('another-secret-that-is-long-enough-999').open(sealed, 'k')).toBeUndefined();
    expect(cipher.open('not-sealed', 'k')).toBeUndefined();
  });

  it('binds a value to the storage key it was sealed for: copied under another key, it does not open', () => {
    const sealed = cipher.seal('payload', 'session:victim');
    expect(cipher.open(sealed, 'session:attacker')).toBeUndefined();
    expect(cipher.open(sealed, 'session:victim')?.plaintext).toBe('payload');
  });

  it('after a rotation, opens what the previous secret sealed and asks for it to be sealed again', () => {
    const sealedBefore = cipher.seal('payload', 'k');
    const rotated = new SessionCipher(NEXT_SECRET, [SECRET]);
    expect(rotated.open(sealedBefore, 'k')).toEqual({ plaintext: 'payload', stale: true, legacy: false });
    const resealed = rotated.seal('payload', 'k');
    expect(rotated.open(resealed, 'k')).toEqual({ plaintext: 'payload', stale: false, legacy: false });
    expect(new SessionCipher(NEXT_SECRET).open(resealed, 'k')?.plaintext).toBe('payload');
  });

  it('refuses a value naming a key id it does not know, even with a valid body', () => {
    const sealed = new SessionCipher(NEXT_SECRET).seal('payload', 'k');
    expect(cipher.open(sealed, 'k')).toBeUndefined();
    const [v, , iv, body, tag] = cipher.seal('payload', 'k').split('.');
    expect(cipher.open([v, 'unknownkey', iv, body, tag].join('.'), 'k')).toBeUndefined();
  });

  it('opens a legacy (v1) record only when asked to, and always as stale', () => {
    const legacy = sealLegacy(SECRET, 'payload');
    expect(cipher.open(legacy, 'k')).toBeUndefined();
    expect(cipher.open(legacy, 'k', { acceptLegacy: true })).toEqual({ plaintext: 'payload', stale: true, legacy: true });
    expect(new SessionCipher(NEXT_SECRET, [SECRET]).open(legacy, 'k', { acceptLegacy: true })?.plaintext).toBe('payload');
    expect(new SessionCipher(NEXT_SECRET).open(legacy, 'k', { acceptLegacy: true })).toBeUndefined();
  });
});
