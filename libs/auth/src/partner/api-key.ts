import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A partner API key: `fpk_<key id>_<secret>`. The key id (16 hex characters) names the key in logs, audit
 * records and admin calls; the secret (32 random bytes, base64url) is shown once, when the key is issued, and
 * only its SHA-256 digest is kept. A slow password hash would add nothing here: 256 random bits cannot be
 * guessed from a leaked digest, and every request pays for the check.
 */
export const API_KEY_FORMAT = /^fpk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const KEY_ID_FORMAT = /^[0-9a-f]{16}$/;

export interface ParsedApiKey {
  keyId: string;
  secret: string;
}

export interface NewApiKey extends ParsedApiKey {
  /** The whole key, to hand to the partner once. */
  key: string;
}

export function newApiKey(): NewApiKey {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, key: `fpk_${keyId}_${secret}` };
}

/** The key's id and secret, or `undefined` for anything that is not a key in Facet's format. */
export function parseApiKey(presented: string): ParsedApiKey | undefined {
  const match = API_KEY_FORMAT.exec(presented);
  return match ? { keyId: match[1], secret: match[2] } : undefined;
}

export function digestOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/** Compares in constant time: how long a wrong secret takes to refuse says nothing about how close it was. */
export function secretMatches(secret: string, storedDigest: string): boolean {
  const presented = Buffer.from(digestOf(secret), 'base64url');
  const stored = Buffer.from(storedDigest, 'base64url');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
