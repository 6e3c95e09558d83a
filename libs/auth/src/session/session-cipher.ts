import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** `v2.<key id>.<iv>.<ciphertext>.<tag>`: the key id and the record's storage key are authenticated data. */
const FORMAT = 'v2';
const IV_BYTES = 12;
/** The full 128-bit GCM tag: a shortened one would make forgeries far cheaper to guess. */
const TAG_BYTES = 16;
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

function decrypt(key: Buffer, iv: string, body: string, tag: string, associatedData: Buffer): string | undefined {
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData);
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

export interface OpenedRecord {
  plaintext: string;
  /** Sealed with a previous key: the caller should write it again (sealed anew). */
  stale: boolean;
}

/**
 * Encrypts session records at rest (AES-256-GCM, keys derived with HKDF from the configured secrets), so tokens
 * read out of Redis are useless without the BFF's key. Each record is bound to the storage key it was written
 * under (associated data), so a record copied under another key does not open there. Keys rotate: records are
 * sealed with the current secret and name its key id; previous secrets still open what they sealed.
 * Tampered, moved or foreign values, values naming an unknown key, and records of the format before key binding
 * (`v1`: it could not tell a moved record from its own) do not open.
 */
export class SessionCipher {
  private readonly current: SealingKey;
  private readonly readable: Map<string, Buffer>;

  constructor(currentSecret: string, previousSecrets: readonly string[] = []) {
    const secrets = [currentSecret, ...previousSecrets];
    this.current = sealingKey(currentSecret);
    this.readable = new Map(secrets.map(sealingKey).map(({ id, key }) => [id, key]));
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

  /** Opens a value read from `storageKey`; undefined when it was sealed for another key, with an unknown key, or tampered with. */
  open(sealed: string, storageKey: string): OpenedRecord | undefined {
    const parts = sealed.split('.');
    if (parts[0] !== FORMAT || parts.length !== 5) return undefined;
    const [, keyId, iv, body, tag] = parts;
    const key = this.readable.get(keyId);
    const plaintext = key && decrypt(key, iv, body, tag, this.associatedData(keyId, storageKey));
    return plaintext === undefined ? undefined : { plaintext, stale: keyId !== this.current.id };
  }

  private associatedData(keyId: string, storageKey: string): Buffer {
    return Buffer.from(`${FORMAT}.${keyId}.${storageKey}`, 'utf8');
  }
}
