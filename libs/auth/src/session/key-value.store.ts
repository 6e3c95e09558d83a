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
  /** Secondary indexes (sessions by subject or by the provider's session id) for back-channel logout. */
  addToIndex(index: string, member: string, ttlMs: number): Promise<void>;
  indexMembers(index: string): Promise<string[]>;
  removeFromIndex(index: string, member: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const KEY_VALUE_STORE = Symbol('KEY_VALUE_STORE');
