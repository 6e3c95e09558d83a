import { createHash, randomBytes } from 'node:crypto';
import { MetricsService } from '@facet/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { KEY_VALUE_STORE, type KeyValueStore } from './key-value.store';
import { OidcProviderClient, ProviderError, type TokenResponse } from './oidc-provider.client';
import { SessionCipher } from './session-cipher';
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
/** How long a replica waits for another replica's refresh of the same session (also the lock's lifetime). */
const REFRESH_WAIT_MS = 10_000;
const REFRESH_POLL_MS = 50;
/** Back-channel logout tokens are accepted once; their ids are remembered this long (their max age plus skew). */
const LOGOUT_TOKEN_REPLAY_MS = 10 * 60_000;

/** Store keys use a hash of the session id, so a dump of the store does not hand out live cookies. */
function storeKey(sessionId: string): string {
  return `session:${createHash('sha256').update(sessionId).digest('base64url')}`;
}

function seenKey(sessionKey: string): string {
  return `${sessionKey}:seen`;
}

/**
 * Server-side sessions for browser logins: created at login with a fresh id, ended by idle/absolute timeout,
 * logout or the provider's back-channel logout, and holding tokens that never leave the server.
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);
  /** Seals records bound for a shared store; in-process records never leave memory and skip the cost. */
  private readonly codec: { encrypt(text: string): string; decrypt(text: string): string | undefined };
  /** One refresh at a time per session in this process; concurrent callers share its result. */
  private readonly refreshing = new Map<string, Promise<ActiveSession>>();
  private readonly refreshes: Counter<'outcome'>;
  private readonly ended: Counter<'reason'>;

  constructor(
    @Inject(KEY_VALUE_STORE) private readonly store: KeyValueStore,
    @Inject(WEB_SESSION_OPTIONS) private readonly options: WebSessionOptions,
    private readonly provider: OidcProviderClient,
    metrics: MetricsService,
  ) {
    this.codec = store.sharedOutsideProcess
      ? new SessionCipher(options.encryptionSecret)
      : { encrypt: (text) => text, decrypt: (text) => text };
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
    await this.save(id, session, now);
    await this.touch(storeKey(id), session, now);
    const ttl = session.absoluteExpiresAt - now;
    await this.store.addToIndex(`subject:${session.subject}`, storeKey(id), ttl);
    if (session.providerSessionId) await this.store.addToIndex(`provider-session:${session.providerSessionId}`, storeKey(id), ttl);
    return this.activate(id, session);
  }

  /** The live session for a cookie value, its idle clock restarted; undefined when unknown or timed out. */
  async resolve(sessionId: string | undefined, now = Date.now()): Promise<ActiveSession | undefined> {
    if (!sessionId || sessionId.length > 128) return undefined;
    const key = storeKey(sessionId);
    const [session, lastSeen] = await Promise.all([this.load(sessionId), this.store.get(seenKey(key))]);
    if (!session) return undefined;
    const lastSeenAt = Number(lastSeen);
    if (!lastSeen || now >= session.absoluteExpiresAt || now >= lastSeenAt + this.idleMs) {
      this.ended.inc({ reason: 'timeout' });
      await this.destroy(sessionId);
      return undefined;
    }
    session.lastSeenAt = now;
    await this.touch(key, session, now);
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
    const lock = `${storeKey(session.id)}:refreshing`;
    const deadline = Date.now() + REFRESH_WAIT_MS;
    while (!(await this.store.setIfAbsent(lock, '1', REFRESH_WAIT_MS))) {
      const current = await this.load(session.id);
      if (!current) throw new SessionRequiredError('expired');
      if (this.isFresh(current)) return this.activate(session.id, current);
      if (Date.now() > deadline) throw new SessionRequiredError('refresh-failed');
      await new Promise((resolve) => setTimeout(resolve, REFRESH_POLL_MS));
    }
    try {
      return await this.refreshHoldingLock(session.id);
    } finally {
      await this.store.delete(lock);
    }
  }

  private async refreshHoldingLock(sessionId: string): Promise<ActiveSession> {
    // Another request (or replica) may have refreshed already.
    const current = await this.load(sessionId);
    if (!current) throw new SessionRequiredError('expired');
    if (this.isFresh(current)) return this.activate(sessionId, current);
    if (!current.tokens.refreshToken) {
      await this.destroy(sessionId);
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
        await this.destroy(sessionId);
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
    await this.save(sessionId, current, now);
    this.refreshes.inc({ outcome: 'ok' });
    return this.activate(sessionId, current);
  }

  private isFresh(session: WebSession, now = Date.now()): boolean {
    return session.tokens.accessTokenExpiresAt - this.options.refreshSkewSeconds * 1000 > now;
  }

  /** Ends a session here and revokes its refresh token at the provider. */
  async logout(sessionId: string): Promise<{ ended: boolean }> {
    const session = await this.load(sessionId);
    await this.destroy(sessionId);
    if (session) this.ended.inc({ reason: 'logout' });
    if (session?.tokens.refreshToken) await this.provider.revoke(session.tokens.refreshToken, 'refresh_token');
    return { ended: session !== undefined };
  }

  async destroy(sessionId: string): Promise<void> {
    const key = storeKey(sessionId);
    await Promise.all([this.store.delete(key), this.store.delete(seenKey(key))]);
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
      const sealed = await this.store.get(key);
      const session = sealed ? this.unseal(sealed) : undefined;
      if (session && logout.subject && session.subject !== logout.subject) continue;
      if (session) {
        await Promise.all([this.store.delete(key), this.store.delete(seenKey(key))]);
        this.ended.inc({ reason: 'backchannel-logout' });
        ended++;
      }
      await this.store.removeFromIndex(index, key);
    }
    return ended;
  }

  private get idleMs(): number {
    return this.options.idleTimeoutSeconds * 1000;
  }

  private activate(id: string, session: WebSession): ActiveSession {
    return { ...session, id, expiresAt: Math.min(session.absoluteExpiresAt, session.lastSeenAt + this.idleMs) };
  }

  private async load(sessionId: string): Promise<WebSession | undefined> {
    const sealed = await this.store.get(storeKey(sessionId));
    return sealed ? this.unseal(sealed) : undefined;
  }

  private unseal(sealed: string): WebSession | undefined {
    const json = this.codec.decrypt(sealed);
    return json ? (JSON.parse(json) as WebSession) : undefined;
  }

  /**
   * The record changes only at login and refresh; activity lives in its own key, so a request touching the
   * session can never write back tokens that a concurrent refresh has just replaced.
   */
  private async save(sessionId: string, session: WebSession, now: number): Promise<void> {
    const ttl = session.absoluteExpiresAt - now;
    if (ttl <= 0) return;
    const { id: _id, expiresAt: _expiresAt, ...record } = session as ActiveSession;
    await this.store.set(storeKey(sessionId), this.codec.encrypt(JSON.stringify(record)), ttl);
  }

  private async touch(key: string, session: WebSession, now: number): Promise<void> {
    const ttl = Math.min(session.absoluteExpiresAt - now, this.idleMs);
    if (ttl > 0) await this.store.set(seenKey(key), String(now), ttl);
  }
}
