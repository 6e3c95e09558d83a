import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { RequestValidationError } from '@facet/platform';

/** One cursor-signing key; the first of a codec's keys signs, every one of them verifies (rotation). */
export interface CursorKey {
  /** Short, stable, URL-safe: it travels in every cursor so a verifier knows which key to try. */
  id: string;
  /** At least 32 characters; shared by every replica of the app. */
  secret: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const MIN_SECRET_LENGTH = 32;
/** 128 bits of HMAC-SHA-256: forging one is out of reach, and cursors stay short in URLs. */
const MAC_BYTES = 16;
/** Far longer than any cursor this codec issues for a small position, so only made-up input reaches it. */
export const MAX_CURSOR_LENGTH = 512;

/** A backend's own cursor, as a service issued it: the position a signed cursor of a BFF listing carries. */
export const isBackendCursor = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 256;

/**
 * Opaque, tamper-evident pagination cursors: `<key id>.<position>.<mac>`, where the MAC covers the key id, the
 * position and a `scope` the caller names (e.g. the route and the user), so a cursor edited by hand, made up, or
 * issued to another user or for another listing is refused with a 400 naming the field. Clients must not parse
 * cursors; the position inside is only encoded (base64url JSON), not encrypted, so it must hold nothing secret.
 */
export class SignedCursorCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly signingKeyId: string;

  constructor(keys: readonly CursorKey[]) {
    if (keys.length === 0) throw new Error('SignedCursorCodec needs at least one key');
    for (const key of keys) {
      if (!KEY_ID.test(key.id)) throw new Error(`cursor key id "${key.id}" must be 1-16 characters of [A-Za-z0-9_-]`);
      if (key.secret.length < MIN_SECRET_LENGTH) throw new Error(`cursor key ${key.id} must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    if (new Set(keys.map((key) => key.id)).size !== keys.length) throw new Error('cursor key ids must be unique');
    this.keys = new Map(keys.map((key) => [key.id, Buffer.from(key.secret, 'utf8')]));
    this.signingKeyId = keys[0].id;
  }

  /**
   * A codec from configured secrets: the current one signs, previous ones (rotation) still verify. Each key's id is
   * derived from its secret (a short digest), so replicas given the same secrets agree on ids without configuring any.
   */
  static fromSecrets(current: string, previous: readonly string[] = []): SignedCursorCodec {
    return new SignedCursorCodec([current, ...previous].map((secret) => ({ id: hash('sha256', secret, 'base64url').slice(0, 8), secret })));
  }

  encode(position: unknown, scope: string): string {
    const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
    return `${this.signingKeyId}.${payload}.${this.mac(this.signingKeyId, payload, scope).toString('base64url')}`;
  }

  /** The position inside a cursor this codec issued for `scope`, accepted by `isPosition`; anything else is a 400. */
  decode<T>(cursor: unknown, scope: string, isPosition: (value: unknown) => value is T, field = 'cursor'): T {
    // Typed input can still be an array at run time (a query parameter given twice): refused like any other.
    const position = typeof cursor === 'string' && cursor.length <= MAX_CURSOR_LENGTH ? this.verified(cursor, scope) : undefined;
    if (position === undefined || !isPosition(position)) {
      throw new RequestValidationError([{ field, problems: [`${field} is not a cursor this API issued for this listing`] }]);
    }
    return position;
  }

  private verified(cursor: string, scope: string): unknown {
    const [keyId, payload, mac, ...rest] = cursor.split('.');
    if (rest.length > 0 || !keyId || !payload || !mac || !this.keys.has(keyId)) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(keyId, payload, scope);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  private mac(keyId: string, payload: string, scope: string): Buffer {
    const secret = this.keys.get(keyId) as Buffer;
    // Length-prefixed scope: no choice of scope and payload can collide with another pair's input.
    return createHmac('sha256', secret).update(`${scope.length}:${scope}|${keyId}.${payload}`).digest().subarray(0, MAC_BYTES);
  }
}
