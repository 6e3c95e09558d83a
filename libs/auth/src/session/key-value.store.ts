/**
 * Where server-side session state lives: sessions, pending logins and replay markers. In memory for one
 * replica, Redis when several replicas share sessions. Values are opaque strings (the session layer encrypts).
 */
export interface KeyValueStore {
  /** True when values leave this process (Redis): the session layer encrypts what it stores there. */
  readonly sharedOutsideProcess: boolean;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Reads and deletes in one step, so a one-time value (login state) can be used once. */
  take(key: string): Promise<string | undefined>;
  /** Sets only when absent; false when the key already exists (locks, replay detection). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Deletes only while the key still holds `value`, in one step; true when it did (releasing a lock one owns). */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
  /** Sets only while the key still holds `expected`, in one step; true when it did (rewriting a value just read). */
  setIfEquals(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Secondary indexes (sessions by subject or by the provider's session id): each member leaves at the end of its
   * own ttl, and the index lives as long as its longest-lived member. With `maxMembers`, the index then keeps at
   * most that many: the others closest to their end (never `member`) are removed and returned.
   */
  addToIndex(index: string, member: string, ttlMs: number, maxMembers?: number): Promise<string[]>;
  /** The members whose ttl has not run out. */
  indexMembers(index: string): Promise<string[]>;
  removeFromIndex(index: string, member: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const KEY_VALUE_STORE = Symbol('KEY_VALUE_STORE');
