import { RequestValidationError } from '@facet/platform';
import { MAX_CURSOR_LENGTH, SignedCursorCodec } from './signed-cursor';

interface Position {
  after: string;
}
const isPosition = (value: unknown): value is Position =>
  typeof value === 'object' && value !== null && typeof (value as Position).after === 'string';

const OLD = { id: 'k1', secret: 'test-only-cursor-secret-number-one-000' };
const NEW = { id: 'k2', secret: 'test-only-cursor-secret-number-two-000' };

function refusal(action: () => unknown): RequestValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof RequestValidationError) return error;
    throw error;
  }
  throw new Error('expected a RequestValidationError');
}

describe('SignedCursorCodec', () => {
  const codec = new SignedCursorCodec([OLD]);

  it('round-trips a position for the same scope, as a URL-safe string', () => {
    const cursor = codec.encode({ after: 'o_0042' }, 'orders:u_0001');
    expect(cursor).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(codec.decode(cursor, 'orders:u_0001', isPosition)).toEqual({ after: 'o_0042' });
  });

  it("refuses another scope's cursor (another user, another listing) with a 400 naming the field", () => {
    const cursor = codec.encode({ after: 'o_0042' }, 'orders:u_0001');
    const error = refusal(() => codec.decode(cursor, 'orders:u_0002', isPosition, 'cursor'));
    expect(error.status).toBe(400);
    expect(error.fields).toEqual([{ field: 'cursor', problems: ['cursor is not a cursor this API issued for this listing'] }]);
    refusal(() => codec.decode(cursor, 'products:u_0001', isPosition));
  });

  it('refuses an edited position, a made-up MAC, a truncated or padded cursor, and garbage', () => {
    const cursor = codec.encode({ after: 'o_0042' }, 's');
    const [kid, , mac] = cursor.split('.');
    const forged = `${kid}.${Buffer.from(JSON.stringify({ after: 'o_9999' })).toString('base64url')}.${mac}`;
    for (const bad of [
      forged,
      `${kid}.${cursor.split('.')[1]}.AAAAAAAAAAAAAAAAAAAAAA`,
      cursor.slice(0, -2),
      `${cursor}.x`,
      'nonsense',
      '',
      '...',
    ]) {
      refusal(() => codec.decode(bad, 's', isPosition));
    }
  });

  it('refuses a signed cursor whose position has the wrong shape', () => {
    const cursor = codec.encode({ before: 3 }, 's');
    refusal(() => codec.decode(cursor, 's', isPosition));
  });

  it('refuses a cursor that is not a string (a query parameter given twice arrives as an array)', () => {
    const cursor = codec.encode({ after: 'o_1' }, 's');
    refusal(() => codec.decode([cursor, cursor], 's', isPosition));
    refusal(() => codec.decode(undefined, 's', isPosition));
  });

  it('refuses an overlong cursor before any work', () => {
    refusal(() => codec.decode('k1.'.padEnd(MAX_CURSOR_LENGTH + 1, 'A'), 's', isPosition));
  });

  it('signs with the first key and still reads cursors of the keys after it (rotation)', () => {
    const oldCursor = codec.encode({ after: 'o_1' }, 's');
    const rotated = new SignedCursorCodec([NEW, OLD]);
    expect(rotated.decode(oldCursor, 's', isPosition)).toEqual({ after: 'o_1' });
    expect(rotated.encode({ after: 'o_1' }, 's').startsWith('k2.')).toBe(true);
    // A retired key's cursors are refused once the key is dropped.
    refusal(() => new SignedCursorCodec([NEW]).decode(oldCursor, 's', isPosition));
  });

  it('does not accept a cursor signed with another secret under the same key id', () => {
    const other = new SignedCursorCodec([{ id: 'k1', secret: 'test-only-some-other-secret-0000000000' }]);
    refusal(() => codec.decode(other.encode({ after: 'o_1' }, 's'), 's', isPosition));
  });

  it('refuses weak or malformed key sets at construction', () => {
    expect(() => new SignedCursorCodec([])).toThrow(/at least one key/);
    expect(() => new SignedCursorCodec([{ id: 'k1', secret: 'short' }])).toThrow(/at least 32/);
    expect(() => new SignedCursorCodec([{ id: 'k.1', secret: OLD.secret }])).toThrow(/key id/);
    expect(() => new SignedCursorCodec([OLD, OLD])).toThrow(/unique/);
  });

  it('builds from configured secrets: replicas with the same secrets agree, and a rotated-out secret still verifies', () => {
    const old = 'previous-cursor-secret-of-at-least-32-chars';
    const current = 'current-cursor-secret-of-at-least-32-chars';
    const isString = (value: unknown): value is string => typeof value === 'string';
    const issuedBefore = SignedCursorCodec.fromSecrets(old).encode('o_1', 'orders:u_1');
    const replica = SignedCursorCodec.fromSecrets(current, [old]);
    expect(replica.decode(issuedBefore, 'orders:u_1', isString)).toBe('o_1');
    const issuedNow = replica.encode('o_2', 'orders:u_1');
    expect(SignedCursorCodec.fromSecrets(current).decode(issuedNow, 'orders:u_1', isString)).toBe('o_2');
    expect(() => SignedCursorCodec.fromSecrets(old).decode(issuedNow, 'orders:u_1', isString)).toThrow(RequestValidationError);
  });
});
