import { FacetError } from '@facet/platform';

/** An `/api/*` call without a usable session: the page should send the user to log in. */
export class SessionRequiredError extends FacetError {
  override readonly name = 'SessionRequiredError';
  constructor(reason: 'missing' | 'expired' | 'refresh-failed' = 'missing') {
    super('SESSION_REQUIRED', reason === 'missing' ? 'Log in first' : `Your session has ended (${reason}); log in again`, 401, {
      reason,
      loginUrl: '/auth/login',
    });
  }
}

export class CsrfRejectedError extends FacetError {
  override readonly name = 'CsrfRejectedError';
  constructor(reason: string) {
    super('CSRF_REJECTED', reason, 403);
  }
}

/** Why a login's callback was refused, as the client is told; the detail (provider text, jose's reason) goes to the log. */
export type LoginFailureReason =
  'provider-refused' | 'unknown-state' | 'other-browser' | 'token-refused' | 'invalid-id-token' | 'not-completed';

/** Fixed texts: nothing a provider or an attacker's URL says is reflected to the browser. */
const LOGIN_FAILURE_MESSAGES: Record<LoginFailureReason, string> = {
  'provider-refused': 'The identity provider did not complete the login; start again',
  'unknown-state': 'This login is unknown, expired or already used; start again',
  'other-browser': 'This login was started in another browser; start again in this one',
  'token-refused': 'The identity provider refused to complete the login; start again',
  'invalid-id-token': "The identity provider's ID token could not be verified; start again",
  'not-completed': 'The login could not be completed; start again',
};

export class LoginFailedError extends FacetError {
  override readonly name = 'LoginFailedError';
  constructor(
    readonly reason: LoginFailureReason,
    details: { providerError?: string } = {},
    cause?: unknown,
  ) {
    super('LOGIN_FAILED', LOGIN_FAILURE_MESSAGES[reason], 400, { reason, ...details, loginUrl: '/auth/login' });
    this.cause = cause;
  }
}

/** The store of sessions and pending logins cannot be reached: nothing the client did, so a retry can succeed. */
export class SessionStoreUnavailableError extends FacetError {
  override readonly name = 'SessionStoreUnavailableError';
  constructor(cause: unknown) {
    super('SESSION_STORE_UNAVAILABLE', 'Sessions cannot be stored or read right now; try again shortly', 503);
    this.cause = cause;
  }
}

/** The provider could not refresh the tokens (down, slow or failing): the session is kept, so a retry can succeed. */
export class IdentityProviderUnavailableError extends FacetError {
  override readonly name = 'IdentityProviderUnavailableError';
  constructor(cause: unknown) {
    super('IDENTITY_PROVIDER_UNAVAILABLE', 'The identity provider cannot be reached right now; try again shortly', 503);
    this.cause = cause;
  }
}
