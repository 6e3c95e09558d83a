import { FacetError } from '@facet/platform';
import { errors as joseErrors } from 'jose';
import { LOGIN_STATE_REFUSALS, loginFailureOf } from './login-failure';
import { IdentityProviderUnavailableError, LoginFailedError, SessionStoreUnavailableError } from './session.errors';

const SCRIPT = '<script>alert(document.cookie)</script>';

/** passport-openidconnect's own error shapes (its lib/errors), as the strategy hands them to passport. */
function strategyError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

function clientSees(error: FacetError): string {
  return JSON.stringify({ code: error.code, message: error.message, details: error.details });
}

describe('loginFailureOf', () => {
  it('names a provider refusal with a fixed text and its known error code, never the description', () => {
    const { error, detail } = loginFailureOf(undefined, { message: SCRIPT }, 'access_denied');
    expect(error).toBeInstanceOf(LoginFailedError);
    expect(error).toMatchObject({
      status: 400,
      code: 'LOGIN_FAILED',
      details: { reason: 'provider-refused', providerError: 'access_denied' },
    });
    expect(clientSees(error)).not.toContain('<script');
    expect(detail).toBe(SCRIPT);
  });

  it.each([SCRIPT, ['access_denied', 'x'], 'access_denied<'])('names an unknown provider error code %p as other', (code) => {
    const { error } = loginFailureOf(strategyError('AuthorizationError', SCRIPT), undefined, code);
    expect(error.details).toMatchObject({ reason: 'provider-refused', providerError: 'other' });
    expect(clientSees(error)).not.toContain('<script');
  });

  it.each(['server_error', 'temporarily_unavailable'])(
    'answers a callback URL saying %s with 400 naming it, not a provider outage (anyone can open such a URL)',
    (code) => {
      const { error } = loginFailureOf(strategyError('AuthorizationError', SCRIPT), undefined, code);
      expect(error).not.toBeInstanceOf(IdentityProviderUnavailableError);
      expect(error.status).toBe(400);
      expect(error.details).toMatchObject({ reason: 'provider-refused', providerError: code });
      expect(clientSees(error)).not.toContain('<script');
    },
  );

  it('passes a session store outage on as 503 SESSION_STORE_UNAVAILABLE, its cause in the log only', () => {
    const outage = new SessionStoreUnavailableError(new Error('connect ECONNREFUSED 127.0.0.1:6390'));
    const { error, detail } = loginFailureOf(outage, undefined, undefined);
    expect(error).toBe(outage);
    expect(error).toMatchObject({ status: 503, code: 'SESSION_STORE_UNAVAILABLE' });
    expect(clientSees(error)).not.toContain('ECONNREFUSED');
    expect(detail).toContain('ECONNREFUSED');
  });

  it("keeps jose's reason for refusing the ID token out of the answer", () => {
    const refused = new LoginFailedError(
      'invalid-id-token',
      {},
      new joseErrors.JWTClaimValidationFailed('unexpected "iss" claim value', {}),
    );
    const { error, detail } = loginFailureOf(refused, undefined, undefined);
    expect(error).toMatchObject({ status: 400, details: { reason: 'invalid-id-token' } });
    expect(clientSees(error)).not.toContain('iss');
    expect(detail).toContain('unexpected "iss" claim value');
  });

  it("refuses a code the provider's token endpoint rejected, without its error_description", () => {
    const { error, detail } = loginFailureOf(strategyError('TokenError', SCRIPT, { code: 'invalid_grant' }), undefined, undefined);
    expect(error).toMatchObject({ status: 400, details: { reason: 'token-refused' } });
    expect(clientSees(error)).not.toContain('<script');
    expect(detail).toBe(SCRIPT);
  });

  it('answers 503 when the token endpoint cannot be reached, and 400 when it answered an error', () => {
    const unreachable = strategyError('InternalOAuthError', 'Failed to obtain access token', { oauthError: new Error('ECONNREFUSED') });
    expect(loginFailureOf(unreachable, undefined, undefined).error).toBeInstanceOf(IdentityProviderUnavailableError);
    const answered = strategyError('InternalOAuthError', 'Failed to obtain access token', {
      oauthError: { statusCode: 500, data: SCRIPT },
    });
    expect(loginFailureOf(answered, undefined, undefined).error).toMatchObject({ status: 400, details: { reason: 'token-refused' } });
  });

  it("names the login state store's refusals", () => {
    expect(loginFailureOf(undefined, LOGIN_STATE_REFUSALS.unknown, undefined).error.details).toMatchObject({ reason: 'unknown-state' });
    expect(loginFailureOf(undefined, LOGIN_STATE_REFUSALS.otherBrowser, undefined).error.details).toMatchObject({
      reason: 'other-browser',
    });
  });

  it('gives any other failure one fixed text, whatever its message', () => {
    for (const [err, info] of [
      [new Error(SCRIPT), undefined],
      [undefined, { message: SCRIPT }],
      [undefined, undefined],
    ]) {
      const { error } = loginFailureOf(err, info, undefined);
      expect(error).toMatchObject({ status: 400, code: 'LOGIN_FAILED', details: { reason: 'not-completed', loginUrl: '/auth/login' } });
      expect(clientSees(error)).not.toContain('<script');
    }
  });
});
