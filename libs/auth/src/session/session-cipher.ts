import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** `v2.<key id>.<iv>.<ciphertext>.<tag>`: the key id and the record's storage key are authenticated data. */
const FORMAT = 'v2';
/** Records written before key ids and associated data (`v1.<iv>.<ciphertext>.<tag>`), read only on request. */
const LEGACY_FORMAT = 'v1';
const SALT = 'facet-session';

interface SealingKey {
  id: string;
  key: Buffer;
}

function sealingKey(secret: string): SealingKey {
  return {
    // A label derived from the secret, not the secret: records name their key without anyone assigning ids.
    id: Buffer.from(hkdfSync('sha256', secret, SALT, 'session-key-id', 6)).toString('base64url'),
    key: Buffer.from(hkdfSync('sha256', secret, SALT, 'session-encryption-v2', 32)),
  };
}

function legacyKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, 'session-encryption-v1', 32));
}

function decrypt(key: Buffer, iv: string, body: string, tag: string, associatedData?: Buffer): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    if (associatedData) decipher.setAAD(associatedData);
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

export interface OpenedRecord {
  plaintext: string;
  /** Sealed with a previous key or in the legacy format: the caller should write it again (sealed anew). */
  stale: boolean;
  /** In the legacy format, written before records were bound to their keys (so also stale). */
  legacy: boolean;
}

/**
 * Encrypts session records at rest (AES-256-GCM, keys derived with HKDF from the configured secrets), so tokens
 * read out of Redis are useless without the BFF's key. Each record is bound to the storage key it was written
 * under (associated data), so a record copied under another key does not open there. Keys rotate: records are
 * sealed with the current secret and name its key id; previous secrets still open what they sealed.
 * Tampered, moved or foreign values, and values naming an unknown key, do not open.
 */
export class SessionCipher {
  private readonly current: SealingKey;
  private readonly readable: Map<string, Buffer>;
  private readonly legacy: Buffer[];

  constructor(currentSecret: string, previousSecrets: readonly string[] = []) {
    const secrets = [currentSecret, ...previousSecrets];
    this.current = sealingKey(currentSecret);
    this.readable = new Map(secrets.map(sealingKey).map(({ id, key }) => [id, key]));
    this.legacy = secrets.map(legacyKey);
  }

  /** Seals `plaintext` for storage under `storageKey`. */
  seal(plaintext: string, storageKey: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(this.associatedData(this.current.id, storageKey));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.current.id, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
      '.',
    );
  }

  /**
   * Opens a value read from `storageKey`; undefined when it was sealed for another key, with an unknown key, or
   * tampered with. Legacy records (no key id, no associated data) open only with `acceptLegacy`.
   */
  open(sealed: string, storageKey: string, { acceptLegacy = false } = {}): OpenedRecord | undefined {
    const parts = sealed.split('.');
    if (parts[0] === FORMAT && parts.length === 5) {
      const [, keyId, iv, body, tag] = parts;
      const key = this.readable.get(keyId);
      const plaintext = key && decrypt(key, iv, body, tag, this.associatedData(keyId, storageKey));
      return plaintext === undefined ? undefined : { plaintext, stale: keyId !== this.current.id, legacy: false };
    }
    if (acceptLegacy && parts[0] === LEGACY_FORMAT && parts.length === 4) {
      const [, iv, body, tag] = parts;
      for (const key of this.legacy) {
        const plaintext = decrypt(key, iv, body, tag);
        if (plaintext !== undefined) return { plaintext, stale: true, legacy: true };
      }
    }
    return undefined;
  }

  private associatedData(keyId: string, storageKey: string): Buffer {
    return Buffer.from(`${FORMAT}.${keyId}.${storageKey}`, 'utf8');
  }
}
