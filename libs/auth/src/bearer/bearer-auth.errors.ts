import { FacetError } from '@facet/platform';

/** An error that tells the client how to authenticate, in a `WWW-Authenticate` header (RFC 6750). */
export abstract class BearerChallengeError extends FacetError {
  abstract readonly challenge: string;
}

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}

/** No token, or one that is forged, expired or meant for someone else: `401 UNAUTHENTICATED`. */
export class UnauthenticatedError extends BearerChallengeError {
  override readonly name = 'UnauthenticatedError';
  readonly challenge: string;

  constructor(message: string, tokenGiven: boolean) {
    super('UNAUTHENTICATED', message, 401);
    // A request without a token gets a bare challenge; a rejected token is named `invalid_token`.
    this.challenge = tokenGiven ? `Bearer error="invalid_token", error_description=${quoted(message)}` : 'Bearer';
  }
}

/** A valid token without the scopes the route needs: `403 INSUFFICIENT_SCOPE`. */
export class InsufficientScopeError extends BearerChallengeError {
  override readonly name = 'InsufficientScopeError';
  readonly challenge: string;

  constructor(missing: string[]) {
    super('INSUFFICIENT_SCOPE', `The access token lacks the scopes ${missing.join(', ')}`, 403, { missingScopes: missing });
    this.challenge = `Bearer error="insufficient_scope", scope=${quoted(missing.join(' '))}`;
  }
}

/** The issuer's keys cannot be fetched, so no token can be checked: the service, not the client, is at fault. */
export class TokenVerificationUnavailableError extends FacetError {
  override readonly name = 'TokenVerificationUnavailableError';
  constructor(cause: unknown) {
    super('AUTH_UNAVAILABLE', 'Access tokens cannot be verified right now', 503);
    this.cause = cause;
  }
}
