import { FacetError } from '@facet/platform';
import { IdentityProviderUnavailableError, LoginFailedError } from './session.errors';

/**
 * The login state store's refusals, handed to passport as `info`; compared by identity, so only these objects
 * (never text a provider chose) are read as state refusals.
 */
export const LOGIN_STATE_REFUSALS = {
  unknown: { message: 'Unknown or expired login state' },
  otherBrowser: { message: 'This login was started in another browser' },
} as const;

/**
 * Authorization error codes of OAuth 2.0 (RFC 6749 4.1.2.1), OpenID Connect Core (3.1.2.6) and resource indicators
 * (RFC 8707): the only `error` values named back to the client; any other text becomes `other`.
 */
const PROVIDER_ERROR_CODES = new Set([
  'invalid_request',
  'unauthorized_client',
  'access_denied',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
  'interaction_required',
  'login_required',
  'account_selection_required',
  'consent_required',
  'invalid_request_uri',
  'invalid_request_object',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
  'invalid_target',
]);

export interface LoginFailure {
  /** What the client gets: a fixed text, a reason and at most a known error code. */
  error: FacetError;
  /** What the log gets: whatever the provider, jose or the store said. */
  detail: string;
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.cause === undefined ? value.message : `${value.message} (${describe(value.cause)})`;
  if (typeof value === 'object' && value !== null && 'message' in value) return String(value.message);
  return String(value);
}

/** passport-openidconnect's error for a token request that failed: a network error, or an HTTP answer (statusCode). */
function isTokenRequestFailure(err: unknown): err is Error & { oauthError?: unknown } {
  return err instanceof Error && err.name === 'InternalOAuthError';
}

/**
 * Maps what passport-openidconnect reports for a failed login to the error the client sees. `providerError` is
 * the callback's `error` query parameter: the strategy checks it before anything else.
 */
export function loginFailureOf(err: unknown, info: unknown, providerError: unknown): LoginFailure {
  const detail = describe(err ?? info ?? 'no user');
  if (providerError) {
    // The callback's `error` is whatever the URL says, and anyone can open `/auth/callback?error=server_error`: it is
    // named back (when standard) but never taken as a provider outage (503 and an outage warning in the logs). Only a
    // token request that this BFF itself saw fail is.
    const code = typeof providerError === 'string' && PROVIDER_ERROR_CODES.has(providerError) ? providerError : 'other';
    return { error: new LoginFailedError('provider-refused', { providerError: code }, err), detail };
  }
  // Errors of our own (store outage, ID token refused) carry fixed texts already.
  if (err instanceof FacetError) return { error: err, detail };
  if (isTokenRequestFailure(err) && err.oauthError instanceof Error) {
    return { error: new IdentityProviderUnavailableError(err), detail };
  }
  if (isTokenRequestFailure(err) || (err instanceof Error && err.name === 'TokenError')) {
    return { error: new LoginFailedError('token-refused', {}, err), detail };
  }
  if (!err && info === LOGIN_STATE_REFUSALS.unknown) return { error: new LoginFailedError('unknown-state'), detail };
  if (!err && info === LOGIN_STATE_REFUSALS.otherBrowser) return { error: new LoginFailedError('other-browser'), detail };
  return { error: new LoginFailedError('not-completed', {}, err), detail };
}
