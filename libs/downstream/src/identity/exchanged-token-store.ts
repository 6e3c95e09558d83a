import { LRUCache } from 'lru-cache';

/**
 * Where exchanged tokens wait for their next use. In process (bounded) by default; a store shared by the app's
 * replicas (Redis) so one exchange serves a user whichever replica answers. Auth's `KeyValueStore` fits.
 */
export interface ExchangedTokenStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

/** Encrypts values for a store outside the process, bound to their key. Auth's `SessionCipher` fits. */
export interface TokenCipher {
  seal(plaintext: string, storageKey: string): string;
  open(sealed: string, storageKey: string): { plaintext: string } | undefined;
}

export class MemoryExchangedTokenStore implements ExchangedTokenStore {
  private readonly entries: LRUCache<string, string>;

  constructor(maxEntries: number) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.entries.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, value, { ttl: ttlMs });
    return Promise.resolve();
  }
}

/** A shared store holding only sealed values: a token read out of Redis is useless without the app's key. */
export class SealedExchangedTokenStore implements ExchangedTokenStore {
  constructor(
    private readonly store: ExchangedTokenStore,
    private readonly cipher: TokenCipher,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const sealed = await this.store.get(key);
    return sealed === undefined ? undefined : this.cipher.open(sealed, key)?.plaintext;
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.store.set(key, this.cipher.seal(value, key), ttlMs);
  }
}
