import { SessionCipher } from './session-cipher';

describe('SessionCipher', () => {
  const cipher = new SessionCipher('a-test-secret-that-is-long-enough-0123');

  it('round-trips and never stores the plaintext', () => {
    const sealed = cipher.encrypt('{"accessToken":"eyJ.secret"}');
    expect(sealed).not.toContain('secret');
    expect(cipher.decrypt(sealed)).toBe('{"accessToken":"eyJ.secret"}');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses tampered values and values sealed with another key', () => {
    const sealed = cipher.encrypt('payload');
    const [v, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(cipher.decrypt([v, iv, flipped.toString('base64url'), tag].join('.'))).toBeUndefined();
    expect(new SessionCipher('another-secret-that-is-long-enough-999').decrypt(sealed)).toBeUndefined();
    expect(cipher.decrypt('not-sealed')).toBeUndefined();
  });
});
