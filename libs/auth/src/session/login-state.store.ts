import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { SessionStoreContext } from 'passport-openidconnect';
import type { KeyValueStore } from './key-value.store';
import type { SessionCipher } from './session-cipher';

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
}

const LOGIN_STATE_TTL_MS = 10 * 60_000;

/**
 * The login in progress for the current callback request. passport-openidconnect has no hook to add the PKCE
 * `code_verifier` to its token request or to hand our state to the verify callback, so the store publishes the
 * pending login here and the strategy reads it (both run inside the same callback's async context).
 */
export const currentLogin = new AsyncLocalStorage<PendingLogin>();

/**
 * passport-openidconnect state store keeping each pending login under its own random `state` value (not in one
 * slot per session), so two tabs logging in at once both succeed, and each state works once.
 */
export class LoginStateStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly cipher: SessionCipher,
  ) {}

  store(
    _req: Request,
    ctx: StrategyContext,
    appState: PendingLogin,
    _meta: unknown,
    callback: (err: Error | null, handle?: string) => void,
  ): void {
    const handle = randomBytes(24).toString('base64url');
    const record: StoredLogin = { ctx, login: { ...appState, nonce: ctx.nonce } };
    this.kv.set(`login:${handle}`, this.cipher.encrypt(JSON.stringify(record)), LOGIN_STATE_TTL_MS).then(
      () => callback(null, handle),
      (error: Error) => callback(error),
    );
  }

  verify(
    _req: Request,
    handle: string,
    callback: (err: Error | null, ctx?: StrategyContext | false, state?: PendingLogin | { message: string }) => void,
  ): void {
    const key = typeof handle === 'string' && handle.length <= 64 ? `login:${handle}` : undefined;
    if (!key) {
      callback(null, false, { message: 'Unknown or expired login state' });
      return;
    }
    this.kv.take(key).then(
      (sealed) => {
        const json = sealed ? this.cipher.decrypt(sealed) : undefined;
        if (!json) {
          callback(null, false, { message: 'Unknown or expired login state' });
          return;
        }
        const { ctx, login } = JSON.parse(json) as StoredLogin;
        currentLogin.run(login, () => callback(null, ctx, login));
      },
      (error: Error) => callback(error),
    );
  }
}
