import { createHash, randomBytes } from 'node:crypto';
import { MetricsService } from '@facet/platform';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { KEY_VALUE_STORE, type KeyValueStore } from './key-value.store';
import { OidcProviderClient, ProviderError, type TokenResponse } from './oidc-provider.client';
import { type OpenedRecord, SessionCipher } from './session-cipher';
import { IdentityProviderUnavailableError, SessionRequiredError } from './session.errors';
import type { ActiveSession, WebSession } from './web-session';
import { WEB_SESSION_OPTIONS, type WebSessionOptions } from './web-session.options';

export interface LoginResult {
  subject: string;
  providerSessionId?: string;
  profile: { name?: string; email?: string };
  accessToken: string;
  expiresInSeconds?: number;
  refreshToken?: string;
  idToken: string;
  returnTo: string;
}

const DEFAULT_ACCESS_TOKEN_SECONDS = 300;

export interface RefreshTiming {
  /** How long a replica waits for another replica's refresh of the same session; also the refresh lock's lifetime. */
  waitMs: number;
  /** How often a waiting replica looks for the other's result. */
  pollMs: number;
}
/**
 * Nothing provides this in an app, so replicas use the defaults (the lock must outlive the provider's 5 s token
 * call with room to spare); unit tests pass short timings to the constructor.
 */
export const REFRESH_TIMING = Symbol('REFRESH_TIMING');
const DEFAULT_REFRESH_TIMING: RefreshTiming = { waitMs: 10_000, pollMs: 50 };
/** The longest interval between writes of a session's activity. */
const MAX_TOUCH_INTERVAL_MS = 30_000;
/** Back-channel logout tokens are accepted once; their ids are remembered this long (their max age plus skew). */
const LOGOUT_TOKEN_REPLAY_MS = 10 * 60_000;

/** Store keys use a hash of the session id, so a dump of the store does not hand out live cookies. */
function storeKey(sessionId: string): string {
  return `session:${createHash('sha256').update(sessionId).digest('base64url')}`;
}

function seenKey(sessionKey: string): string {
  return `${sessionKey}:seen`;
}

/** How records are kept: sealed (and bound to their key) for a shared store, as they are in process memory. */
interface RecordCodec {
  seal(plaintext: string, storageKey: string): string;
  open(sealed: string, storageKey: string): OpenedRecord | undefined;
}

const IN_PROCESS: RecordCodec = {
  seal: (plaintext) => plaintext,
  open: (plaintext) => ({ plaintext, stale: false }),
};

interface StoredSession {
  session: WebSession;
  /** The value as read, so a rewrite replaces exactly it and nothing a concurrent refresh wrote since. */
  sealed: string;
  stale: boolean;
}

/**
 * Server-side sessions for browser logins: created at login with a fresh id, ended by idle/absolute timeout,
 * logout or the provider's back-channel logout, and holding tokens that never leave the server.
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);
  /** Seals records bound for a shared store; in-process records never leave memory and skip the cost. */
  private readonly codec: RecordCodec;
  /** One refresh at a time per session in this process; concurrent callers share its result. */
  private readonly refreshing = new Map<string, Promise<ActiveSession>>();
  private readonly refreshes: Counter<'outcome'>;
  private readonly ended: Counter<'reason'>;
  private readonly idleMs: number;
  /**
   * A request records activity only when the stored last-seen time is older than this, sparing a store write per
   * request. The stored time then lags real activity by less than this, so idle expiry comes at most this much
   * early, never late: a twentieth of the idle timeout, and no more than 30 s.
   */
  private readonly touchIntervalMs: number;

  constructor(
    @Inject(KEY_VALUE_STORE) private readonly store: KeyValueStore,
    @Inject(WEB_SESSION_OPTIONS) private readonly options: WebSessionOptions,
    private readonly provider: OidcProviderClient,
    metrics: MetricsService,
    @Optional() @Inject(REFRESH_TIMING) private readonly refreshTiming: RefreshTiming = DEFAULT_REFRESH_TIMING,
  ) {
    this.idleMs = options.idleTimeoutSeconds * 1000;
    this.touchIntervalMs = Math.min(this.idleMs / 20, MAX_TOUCH_INTERVAL_MS);
    this.codec = store.sharedOutsideProcess ? new SessionCipher(options.encryptionSecret, options.previousEncryptionSecrets) : IN_PROCESS;
    this.refreshes = metrics.counter('web_session_token_refreshes_total', 'Access-token refreshes at the provider', ['outcome']);
    this.ended = metrics.counter('web_sessions_ended_total', 'Sessions ended, by reason', ['reason']);
  }

  async create(login: LoginResult, now = Date.now()): Promise<ActiveSession> {
    const id = randomBytes(32).toString('base64url');
    const refreshExpiry = login.refreshToken ? await this.provider.refreshTokenExpiry(login.refreshToken) : undefined;
    const session: WebSession = {
      subject: login.subject,
      providerSessionId: login.providerSessionId,
      profile: login.profile,
      tokens: {
        accessToken: login.accessToken,
        accessTokenExpiresAt: now + (login.expiresInSeconds ?? DEFAULT_ACCESS_TOKEN_SECONDS) * 1000,
        refreshToken: login.refreshToken,
        idToken: login.idToken,
      },
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt: Math.min(now + this.options.absoluteTimeoutSeconds * 1000, refreshExpiry ?? Infinity),
    };
    const key = storeKey(id);
    await this.save(key, session, now);
    await this.touch(key, session, now);
    const ttl = session.absoluteExpiresAt - now;
    // At most maxSessionsPerUser sessions per user: logging in again and again cannot grow the store without end.
    // Every entry of this index gets the full absolute timeout, the longest any session can live, so entries end
    // in login order and the oldest login goes first (refresh-token expiries, in whole seconds, would tie).
    const evicted = await this.store.addToIndex(
      `subject:${session.subject}`,
      key,
      this.options.absoluteTimeoutSeconds * 1000,
      this.options.maxSessionsPerUser,
    );
    if (session.providerSessionId) await this.store.addToIndex(`provider-session:${session.providerSessionId}`, key, ttl);
    await Promise.all(
      evicted.map(async (other) => {
        await this.remove(other);
        this.ended.inc({ reason: 'session-limit' });
      }),
    );
    return this.activate(id, session);
  }

  /**
   * The live session for a cookie value, this request counted as activity (written at most once per touch
   * interval); undefined when unknown or timed out.
   */
  async resolve(sessionId: string | undefined, now = Date.now()): Promise<ActiveSession | undefined> {
    if (!sessionId || sessionId.length > 128) return undefined;
    const key = storeKey(sessionId);
    const [stored, sealedActivity] = await Promise.all([this.load(key), this.store.get(seenKey(key))]);
    if (!stored) return undefined;
    const { session } = stored;
    const activity = sealedActivity ? this.openActivity(key, sealedActivity) : undefined;
    if (!activity || now >= session.absoluteExpiresAt || now >= activity.lastSeenAt + this.idleMs) {
      this.ended.inc({ reason: 'timeout' });
      await this.remove(key, session);
      return undefined;
    }
    const { lastSeenAt } = activity;
    if (stored.stale) await this.rewrite(key, stored, now);
    // A stale activity record is written again now, sealed with the current key.
    const touching = activity.stale || now - lastSeenAt >= this.touchIntervalMs;
    // Without a write the stored time stays the truth: expiresAt must not promise more than the store will keep.
    session.lastSeenAt = touching ? now : lastSeenAt;
    if (touching) await this.touch(key, session, now);
    return this.activate(sessionId, session);
  }

  /**
   * An access token valid for at least the refresh skew. Refreshes when needed, once per session however many
   * requests ask at the same time. A refresh token the provider refuses ends the session; a provider that cannot
   * be reached leaves it for a later retry.
   */
  async freshAccessToken(session: ActiveSession, now = Date.now()): Promise<string> {
    if (this.isFresh(session, now)) return session.tokens.accessToken;
    let pending = this.refreshing.get(session.id);
    if (!pending) {
      pending = this.refresh(session).finally(() => this.refreshing.delete(session.id));
      this.refreshing.set(session.id, pending);
    }
    return (await pending).tokens.accessToken;
  }

  /**
   * Refreshes under a lock in the shared store, so replicas sharing Redis never spend the same (rotating) refresh
   * token twice, which providers treat as token theft and answer by revoking the whole grant. A replica that
   * finds the lock taken waits for the other's result.
   */
  private async refresh(session: ActiveSession): Promise<ActiveSession> {
    const key = storeKey(session.id);
    const lock = `${key}:refreshing`;
    // Released only by its owner: a holder slower than the lock's lifetime must not free a lock another replica took since.
    const owner = randomBytes(16).toString('base64url');
    const { waitMs, pollMs } = this.refreshTiming;
    const deadline = Date.now() + waitMs;
    while (!(await this.store.setIfAbsent(lock, owner, waitMs))) {
      const current = (await this.load(key))?.session;
      if (!current) throw new SessionRequiredError('expired');
      if (this.isFresh(current)) return this.activate(session.id, current);
      if (Date.now() > deadline) {
        // Nothing proved the session dead (the other replica is most likely stuck on a slow provider): keep it.
        this.logger.warn('another refresh of this session did not finish in time, keeping the session');
        throw new IdentityProviderUnavailableError(new Error(`another refresh of the session did not finish within ${waitMs} ms`));
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    try {
      return await this.refreshHoldingLock(session.id, key);
    } finally {
      await this.store.deleteIfEquals(lock, owner);
    }
  }

  private async refreshHoldingLock(sessionId: string, key: string): Promise<ActiveSession> {
    // Another request (or replica) may have refreshed already.
    const current = (await this.load(key))?.session;
    if (!current) throw new SessionRequiredError('expired');
    if (this.isFresh(current)) return this.activate(sessionId, current);
    if (!current.tokens.refreshToken) {
      await this.remove(key, current);
      throw new SessionRequiredError('expired');
    }
    let tokens: TokenResponse;
    try {
      tokens = await this.provider.refresh(current.tokens.refreshToken);
    } catch (error) {
      // Only the provider refusing the grant (revoked, expired, reused) ends the session; an outage is retried later.
      if (error instanceof ProviderError && error.oauthError === 'invalid_grant') {
        this.refreshes.inc({ outcome: 'refused' });
        this.ended.inc({ reason: 'refresh-failed' });
        this.logger.warn(`the provider refused the refresh token, ending the session: ${error.message}`);
        await this.remove(key, current);
        throw new SessionRequiredError('refresh-failed');
      }
      this.refreshes.inc({ outcome: 'failed' });
      this.logger.warn(`token refresh failed, keeping the session: ${(error as Error).message}`);
      throw new IdentityProviderUnavailableError(error);
    }
    const now = Date.now();
    current.tokens = {
      accessToken: tokens.access_token,
      accessTokenExpiresAt: now + (tokens.expires_in ?? DEFAULT_ACCESS_TOKEN_SECONDS) * 1000,
      refreshToken: tokens.refresh_token ?? current.tokens.refreshToken,
      idToken: tokens.id_token ?? current.tokens.idToken,
    };
    await this.save(key, current, now);
    this.refreshes.inc({ outcome: 'ok' });
    return this.activate(sessionId, current);
  }

  private isFresh(session: WebSession, now = Date.now()): boolean {
    return session.tokens.accessTokenExpiresAt - this.options.refreshSkewSeconds * 1000 > now;
  }

  /** Ends a session here and revokes its refresh token at the provider. */
  async logout(sessionId: string): Promise<{ ended: boolean }> {
    const key = storeKey(sessionId);
    const session = (await this.load(key))?.session;
    await this.remove(key, session);
    if (session) this.ended.inc({ reason: 'logout' });
    if (session?.tokens.refreshToken) await this.provider.revoke(session.tokens.refreshToken, 'refresh_token');
    return { ended: session !== undefined };
  }

  async destroy(sessionId: string): Promise<void> {
    const key = storeKey(sessionId);
    await this.remove(key, (await this.load(key))?.session);
  }

  /**
   * Back-channel logout: ends the sessions of the provider session `sid` (or, without one, every session of
   * `sub`). A token is accepted once. Returns how many sessions ended.
   */
  async endByProvider(logout: { subject?: string; sessionId?: string; jti?: string }): Promise<number> {
    if (logout.jti && !(await this.store.setIfAbsent(`logout-token:${logout.jti}`, '1', LOGOUT_TOKEN_REPLAY_MS))) return 0;
    const index = logout.sessionId ? `provider-session:${logout.sessionId}` : `subject:${logout.subject}`;
    const keys = await this.store.indexMembers(index);
    let ended = 0;
    for (const key of keys) {
      // When the token names both, the subject must match too: a token for another user ends nothing.
      const session = (await this.load(key))?.session;
      if (session && logout.subject && session.subject !== logout.subject) continue;
      if (session) {
        await this.remove(key, session);
        this.ended.inc({ reason: 'backchannel-logout' });
        ended++;
      }
      await this.store.removeFromIndex(index, key);
    }
    return ended;
  }

  private activate(id: string, session: WebSession): ActiveSession {
    return { ...session, id, expiresAt: Math.min(session.absoluteExpiresAt, session.lastSeenAt + this.idleMs) };
  }

  /** Internal methods take the store key, so a request hashes its session id once. */
  private async load(key: string): Promise<StoredSession | undefined> {
    const sealed = await this.store.get(key);
    const opened = sealed ? this.codec.open(sealed, key) : undefined;
    if (!sealed || !opened) return undefined;
    return { session: JSON.parse(opened.plaintext) as WebSession, sealed, stale: opened.stale };
  }

  /** The last activity of a session, sealed like the session itself: a number written into the store does not open. */
  private openActivity(key: string, sealed: string): { lastSeenAt: number; stale: boolean } | undefined {
    const opened = this.codec.open(sealed, seenKey(key));
    const lastSeenAt = Number(opened?.plaintext);
    if (!opened || !Number.isFinite(lastSeenAt)) return undefined;
    return { lastSeenAt, stale: opened.stale };
  }

  /** Writes a record read with a previous key again with the current key, unless it changed meanwhile. */
  private async rewrite(key: string, { session, sealed }: StoredSession, now: number): Promise<void> {
    const ttl = session.absoluteExpiresAt - now;
    if (ttl > 0) await this.store.setIfEquals(key, sealed, this.codec.seal(JSON.stringify(session), key), ttl);
  }

  /** Ends a session: its record, its activity and, when known, its index entries (so it stops counting against the cap). */
  private async remove(key: string, session?: WebSession): Promise<void> {
    await Promise.all([
      this.store.delete(key),
      this.store.delete(seenKey(key)),
      session && this.store.removeFromIndex(`subject:${session.subject}`, key),
      session?.providerSessionId && this.store.removeFromIndex(`provider-session:${session.providerSessionId}`, key),
    ]);
  }

  /**
   * The record changes only at login and refresh; activity lives in its own key, so a request touching the
   * session can never write back tokens that a concurrent refresh has just replaced.
   */
  private async save(key: string, session: WebSession, now: number): Promise<void> {
    const ttl = session.absoluteExpiresAt - now;
    if (ttl <= 0) return;
    const { id: _id, expiresAt: _expiresAt, ...record } = session as ActiveSession;
    await this.store.set(key, this.codec.seal(JSON.stringify(record), key), ttl);
  }

  /** Activity is sealed too: in clear, anyone able to write the store could keep a session from ever idling out. */
  private async touch(key: string, session: WebSession, now: number): Promise<void> {
    const ttl = Math.min(session.absoluteExpiresAt - now, this.idleMs);
    const activityKey = seenKey(key);
    if (ttl > 0) await this.store.set(activityKey, this.codec.seal(String(now), activityKey), ttl);
  }
}
