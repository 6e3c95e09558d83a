import { randomUUID } from 'node:crypto';
import { type JWK, SignJWT, createLocalJWKSet, importJWK, jwtVerify } from 'jose';
import { type JWKS, type KoaContextWithOIDC, errors } from 'oidc-provider';
import type { DevIdpConfig } from '../dev-idp.config';

/** RFC 8693 token exchange. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/** The request parameters the grant reads, besides `grant_type`. */
export const TOKEN_EXCHANGE_PARAMETERS = ['subject_token', 'subject_token_type', 'resource', 'scope'];
/** An exchanged token is short-lived whatever the subject's lifetime. */
const MAX_EXCHANGED_LIFETIME_SECONDS = 300;

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi']);

type Exchange = Pick<DevIdpConfig, 'OIDC_ISSUER_URL' | 'BACKEND_AUDIENCE' | 'MOBILE_BFF_AUDIENCE'>;

/**
 * The token-exchange grant for mobile-bff (registered for `facet-mobile-bff` only): the mobile app's token (audience
 * mobile-bff, signed by this provider) is exchanged for a backend token naming the same user, with `act` naming the
 * exchanging client, no scope the subject lacks, and a lifetime that never outlives the subject's. Hand-written:
 * oidc-provider has no exchange of its own. The issued token has the format of the provider's own backend tokens, so
 * the services verify it as they verify any other.
 */
export function tokenExchangeGrant(config: Exchange, jwks: JWKS): (ctx: KoaContextWithOIDC) => Promise<void> {
  const [signingJwk] = jwks.keys as JWK[];
  const publicJwk = Object.fromEntries(Object.entries(signingJwk).filter(([member]) => !PRIVATE_MEMBERS.has(member))) as JWK;
  const verificationKeys = createLocalJWKSet({ keys: [publicJwk] });
  const signingKey = importJWK(signingJwk, 'RS256');

  return async (ctx) => {
    const params = ctx.oidc.params as Record<string, string | undefined>;
    if (!params.subject_token) throw new errors.InvalidRequest('subject_token is required');
    if (params.subject_token_type !== ACCESS_TOKEN_TYPE) throw new errors.InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
    const resource = params.resource ?? config.BACKEND_AUDIENCE;
    if (resource !== config.BACKEND_AUDIENCE) throw new errors.InvalidTarget(`only ${config.BACKEND_AUDIENCE} may be requested`);

    const subject = await jwtVerify(params.subject_token, verificationKeys, {
      issuer: config.OIDC_ISSUER_URL,
      audience: config.MOBILE_BFF_AUDIENCE,
      algorithms: ['RS256'],
      typ: 'at+jwt',
      requiredClaims: ['sub', 'exp'],
    }).catch(() => {
      throw new errors.InvalidGrant('subject_token is not a valid, unexpired access token for this exchange');
    });
    const { sub, exp } = subject.payload as { sub: string; exp: number };

    const granted = new Set(typeof subject.payload.scope === 'string' ? subject.payload.scope.split(' ').filter(Boolean) : []);
    const requested = params.scope ? params.scope.split(' ').filter(Boolean) : [...granted];
    const beyond = requested.filter((scope) => !granted.has(scope));
    if (beyond.length > 0) throw new errors.InvalidScope(`the subject token does not grant ${beyond.join(' ')}`, beyond.join(' '));

    const now = Math.floor(Date.now() / 1000);
    const expiresAt = Math.min(exp, now + MAX_EXCHANGED_LIFETIME_SECONDS);
    const clientId = ctx.oidc.client!.clientId;
    const scope = requested.join(' ');
    const token = await new SignJWT({ client_id: clientId, scope, act: { sub: clientId } })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: signingJwk.kid })
      .setIssuer(config.OIDC_ISSUER_URL)
      .setSubject(sub)
      .setAudience(resource)
      .setIssuedAt(now)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(await signingKey);

    ctx.body = {
      access_token: token,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: expiresAt - now,
      scope,
    };
  };
}
