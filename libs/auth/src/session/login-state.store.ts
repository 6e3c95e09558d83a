import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { SessionStoreContext } from 'passport-openidconnect';
import { cookieFrom } from './cookies';
import type { KeyValueStore } from './key-value.store';
import { LOGIN_STATE_REFUSALS } from './login-failure';
import type { SessionCipher } from './session-cipher';
import { SessionStoreUnavailableError } from './session.errors';
import { LOGIN_BINDING_COOKIE } from './web-session.options';

/** What the BFF remembers between sending the browser to the provider and its return, keyed by `state`. */
export interface PendingLogin {
  returnTo: string;
  codeVerifier: string;
  nonce?: string;
}

type StrategyContext = SessionStoreContext;

interface StoredLogin {
  ctx: StrategyContext;
  login: PendingLogin;
  /** SHA-256 of the browser's binding cookie, so a dump of the store cannot be replayed as that cookie. */
  binding: string;
}

const LOGIN_STATE_TTL_MS = 10 * 60_000;
const BINDING_VALUE = /^[A-Za-z0-9_-]{43}$/;

function bindingHash(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function sameBinding(cookie: string | undefined, stored: string | undefined): boolean {
  if (!cookie || !stored) return false;
  const expected = Buffer.from(stored, 'base64url');
  const actual = bindingHash(cookie);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The login in progress for the current callback request. passport-openidconnect has no hook to add the PKCE
 * `code_verifier` to its token request or to hand our state to the verify callback, so the store publishes the
 * pending login here and the strategy reads it (both run inside the same callback's async context).
 */
export const currentLogin = new AsyncLocalStorage<PendingLogin>();

/**
 * passport-openidconnect state store keeping each pending login under its own random `state` value (not in one
 * slot per session), so two tabs logging in at once both succeed, and each state works once.
 *
 * Each pending login is also bound to the browser that started it by an HTTP-only cookie (one per browser, shared
 * by its tabs): without it, an attacker could start a login, sign in as themselves and send a victim to the
 * callback URL, logging the victim into the attacker's account (login CSRF).
 */
export class LoginStateStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly cipher: SessionCipher,
  ) {}

  store(
    req: Request,
    ctx: StrategyContext,
    appState: PendingLogin,
    _meta: unknown,
    callback: (err: Error | null, handle?: string) => void,
  ): void {
    if (!req.res) {
      callback(new Error('no response to set the login binding cookie on'));
      return;
    }
    const current = cookieFrom(req, LOGIN_BINDING_COOKIE);
    const binding = current && BINDING_VALUE.test(current) ? current : randomBytes(32).toString('base64url');
    // Set again even when reused, so the cookie outlives this login's state as well as any earlier tab's.
    req.res.cookie(LOGIN_BINDING_COOKIE, binding, {
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      path: '/',
      maxAge: LOGIN_STATE_TTL_MS,
    });
    const handle = randomBytes(24).toString('base64url');
    const record: StoredLogin = { ctx, login: { ...appState, nonce: ctx.nonce }, binding: bindingHash(binding).toString('base64url') };
    const key = `login:${handle}`;
    this.kv.set(key, this.cipher.seal(JSON.stringify(record), key), LOGIN_STATE_TTL_MS).then(
      () => callback(null, handle),
      (error: unknown) => callback(new SessionStoreUnavailableError(error)),
    );
  }

  verify(
    req: Request,
    handle: string,
    callback: (err: Error | null, ctx?: StrategyContext | false, state?: PendingLogin | { message: string }) => void,
  ): void {
    const key = typeof handle === 'string' && handle.length <= 64 ? `login:${handle}` : undefined;
    if (!key) {
      callback(null, false, LOGIN_STATE_REFUSALS.unknown);
      return;
    }
    this.kv.take(key).then(
      (sealed) => {
        // Bound to its key, so a pending login copied under another state value is unknown there.
        const json = sealed ? this.cipher.open(sealed, key)?.plaintext : undefined;
        if (!json) {
          callback(null, false, LOGIN_STATE_REFUSALS.unknown);
          return;
        }
        const { ctx, login, binding } = JSON.parse(json) as StoredLogin;
        if (!sameBinding(cookieFrom(req, LOGIN_BINDING_COOKIE), binding)) {
          callback(null, false, LOGIN_STATE_REFUSALS.otherBrowser);
          return;
        }
        currentLogin.run(login, () => callback(null, ctx, login));
      },
      (error: unknown) => callback(new SessionStoreUnavailableError(error)),
    );
  }
}
