import { FacetError, RequestValidationError } from '@facet/platform';
import type { KeyValueStore } from '../session/key-value.store';
import { UnauthenticatedError } from '../bearer/bearer-auth.errors';
import { KEY_ID_FORMAT, digestOf, newApiKey, parseApiKey, secretMatches } from './api-key';

/** What is kept of an API key: never the key or its secret, only the secret's digest. */
export interface ApiKeyRecord {
  keyId: string;
  partnerId: string;
  scopes: string[];
  /** What the operator called it ("acme ERP, production"). */
  label: string;
  createdAt: string;
  expiresAt: string;
  secretDigest: string;
}

/** An API key as the admin routes show it: without its digest. */
export type ApiKeyDescription = Omit<ApiKeyRecord, 'secretDigest'>;

export interface IssueApiKey {
  partnerId: string;
  scopes: string[];
  label: string;
  /** Days until the key stops working. */
  validDays: number;
}

export interface IssuedApiKey {
  /** The key itself: shown this once, stored nowhere. */
  key: string;
  description: ApiKeyDescription;
}

export interface AuthenticatedKey {
  keyId: string;
  partnerId: string;
  scopes: readonly string[];
  /** Epoch ms. */
  expiresAt: number;
}

/** The keys store cannot be reached, so no key can be checked: the service, not the client, is at fault. */
export class ApiKeyStoreUnavailableError extends FacetError {
  override readonly name = 'ApiKeyStoreUnavailableError';
  constructor(cause: unknown) {
    super('AUTH_UNAVAILABLE', 'API keys cannot be verified right now', 503);
    this.cause = cause;
  }
}

const DAY_MS = 86_400_000;

const describe = ({ secretDigest: _digest, ...description }: ApiKeyRecord): ApiKeyDescription => description;

function isRecord(value: unknown): value is ApiKeyRecord {
  const record = value as ApiKeyRecord | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.keyId === 'string' &&
    typeof record.partnerId === 'string' &&
    Array.isArray(record.scopes) &&
    typeof record.secretDigest === 'string' &&
    typeof record.expiresAt === 'string'
  );
}

/**
 * Partner API keys, in the store every replica reads (Redis when configured): each bound to one partner and a
 * set of scopes, several active per partner so a key can be replaced before the old one is revoked. Every
 * request reads its key from the store, so a revoked key is refused at once, on every replica.
 */
export class ApiKeyRegistry {
  constructor(private readonly store: KeyValueStore) {}

  async issue({ partnerId, scopes, label, validDays }: IssueApiKey): Promise<IssuedApiKey> {
    const { keyId, secret, key } = newApiKey();
    const now = Date.now();
    const ttlMs = validDays * DAY_MS;
    const record: ApiKeyRecord = {
      keyId,
      partnerId,
      scopes: [...new Set(scopes)].sort(),
      label,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + ttlMs).toISOString(),
      secretDigest: digestOf(secret),
    };
    await this.store.set(this.recordKey(keyId), JSON.stringify(record), ttlMs);
    await this.store.addToIndex(this.partnerIndex(partnerId), keyId, ttlMs);
    return { key, description: describe(record) };
  }

  /** False when there was no such key (already revoked, expired, or never issued). */
  async revoke(keyId: string): Promise<boolean> {
    const record = await this.find(keyId);
    if (!record) return false;
    await this.store.delete(this.recordKey(keyId));
    await this.store.removeFromIndex(this.partnerIndex(record.partnerId), keyId);
    return true;
  }

  /** A partner's keys that still work, oldest first. */
  async keysOf(partnerId: string): Promise<ApiKeyDescription[]> {
    const ids = await this.store.indexMembers(this.partnerIndex(partnerId));
    const records = await Promise.all(ids.map((keyId) => this.find(keyId)));
    return records
      .filter((record): record is ApiKeyRecord => record !== undefined)
      .map(describe)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
  }

  /** The partner a presented key belongs to; a key that is malformed, unknown, revoked, expired or wrong is a 401. */
  async authenticate(presented: string): Promise<AuthenticatedKey> {
    const parsed = parseApiKey(presented);
    if (!parsed) throw new UnauthenticatedError('The API key is not in the format fpk_<key id>_<secret>', true);
    let record: ApiKeyRecord | undefined;
    try {
      record = await this.find(parsed.keyId);
    } catch (error) {
      throw new ApiKeyStoreUnavailableError(error);
    }
    // One message for every refusal, so a caller cannot tell a known key id from an unknown one.
    const expiresAt = record ? Date.parse(record.expiresAt) : 0;
    if (!record || !secretMatches(parsed.secret, record.secretDigest) || expiresAt <= Date.now()) {
      throw new UnauthenticatedError('The API key is not valid', true);
    }
    return { keyId: record.keyId, partnerId: record.partnerId, scopes: record.scopes, expiresAt };
  }

  private async find(keyId: string): Promise<ApiKeyRecord | undefined> {
    if (!KEY_ID_FORMAT.test(keyId)) throw new RequestValidationError([{ field: 'keyId', problems: ['keyId must be 16 hex characters'] }]);
    const raw = await this.store.get(this.recordKey(keyId));
    if (raw === undefined) return undefined;
    const record = JSON.parse(raw) as unknown;
    return isRecord(record) ? record : undefined;
  }

  private recordKey(keyId: string): string {
    return `api-key:${keyId}`;
  }

  private partnerIndex(partnerId: string): string {
    return `partner-keys:${partnerId}`;
  }
}
