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

export class LoginFailedError extends FacetError {
  override readonly name = 'LoginFailedError';
  constructor(reason: string) {
    super('LOGIN_FAILED', reason, 400);
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
