import { SessionCipher } from './session-cipher';
import { sealLegacy } from './session.spec-helper';

const SECRET = 'a-test-secret-that-is-long-enough-0123';
const NEXT_SECRET = 'the-next-secret-that-is-long-enough-4567';

describe('SessionCipher', () => {
  const cipher = new SessionCipher(SECRET);

  it('round-trips and never stores the plaintext', () => {
    const sealed = cipher.seal('{"accessToken":"eyJ.secret"}', 'session:a');
    expect(sealed).not.toContain('secret');
    expect(cipher.open(sealed, 'session:a')).toEqual({ plaintext: '{"accessToken":"eyJ.secret"}', stale: false });
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
    expect(rotated.open(sealedBefore, 'k')).toEqual({ plaintext: 'payload', stale: true });
    const resealed = rotated.seal('payload', 'k');
    expect(rotated.open(resealed, 'k')).toEqual({ plaintext: 'payload', stale: false });
    expect(new SessionCipher(NEXT_SECRET).open(resealed, 'k')?.plaintext).toBe('payload');
  });

  it('refuses a value naming a key id it does not know, even with a valid body', () => {
    const sealed = new SessionCipher(NEXT_SECRET).seal('payload', 'k');
    expect(cipher.open(sealed, 'k')).toBeUndefined();
    const [v, , iv, body, tag] = cipher.seal('payload', 'k').split('.');
    expect(cipher.open([v, 'unknownkey', iv, body, tag].join('.'), 'k')).toBeUndefined();
  });

  it('refuses a record of the format before key binding (v1), which could not tell a moved record from its own', () => {
    const legacy = sealLegacy(SECRET, 'payload');
    expect(cipher.open(legacy, 'k')).toBeUndefined();
    expect(new SessionCipher(NEXT_SECRET, [SECRET]).open(legacy, 'k')).toBeUndefined();
  });

  it('refuses a shortened authentication tag or IV (only the full 128-bit tag counts)', () => {
    const [v, kid, iv, body, tag] = cipher.seal('payload', 'k').split('.');
    const tagBytes = Buffer.from(tag, 'base64url');
    for (const length of [4, 8, 12, 15]) {
      expect(cipher.open([v, kid, iv, body, tagBytes.subarray(0, length).toString('base64url')].join('.'), 'k')).toBeUndefined();
    }
    expect(
      cipher.open([v, kid, Buffer.from(iv, 'base64url').subarray(0, 8).toString('base64url'), body, tag].join('.'), 'k'),
    ).toBeUndefined();
    expect(cipher.open([v, kid, iv, body, tag].join('.'), 'k')?.plaintext).toBe('payload');
  });
});
