import { errors, type Configuration, type FindAccount, type JWKS, type KoaContextWithOIDC } from 'oidc-provider';
import type { DevIdpConfig } from '../dev-idp.config';
import { errorPage, logoutConfirmPage, signedOutPage } from '../pages/pages';
import { MOBILE_APP_CLIENT_ID, PARTNER_CLIENT_IDS, registeredClients } from './clients';
import { BACKEND_SCOPES, CLAIMS_BY_SCOPE, OIDC_SCOPES, PARTNER_SCOPES, RESOURCE_SCOPES } from './scopes';

/** Where oidc-provider sends the browser for login and consent: dev-idp's interaction controller. */
export const INTERACTION_PATH = '/interaction';

const INTERACTION_TTL_SECONDS = 600;

export interface ProviderSetup {
  config: DevIdpConfig;
  /** Private signing keys, generated at start-up. */
  jwks: JWKS;
  /** Keys that sign oidc-provider's cookies, generated at start-up. */
  cookieKeys: string[];
  findAccount: FindAccount;
}

function renderHtml(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = 'html';
  ctx.body = html;
}

/**
 * The whole of dev-idp's OpenID Connect policy, as oidc-provider configuration.
 *
 * Access tokens are JWTs for one of three audiences: the backends (`BACKEND_AUDIENCE`, the default), mobile-bff
 * (`MOBILE_BFF_AUDIENCE`, the mobile app only) and the partner API (`PARTNER_API_AUDIENCE`, partners only, and
 * theirs by default: a partner never gets a token the backends accept). A user login that
 * asks for a backend scope gets a backend token; one that asks only for OpenID scopes gets oidc-provider's
 * opaque token for the userinfo endpoint, which refuses tokens with an audience.
 */
export function providerConfiguration({ config, jwks, cookieKeys, findAccount }: ProviderSetup): Configuration {
  const grantsBackendScope = (scopes: Set<string>): boolean => RESOURCE_SCOPES.some((scope) => scopes.has(scope));
  const ownToken = (_ctx: KoaContextWithOIDC, client: { clientId: string }, token: { clientId?: string }): boolean =>
    token.clientId === client.clientId;

  return {
    clients: registeredClients(config),
    jwks,
    findAccount,
    // Resource scopes are listed with the OpenID ones so that a client's registered `scope` is enforced for
    // them too: a client asking for a scope it is not registered for gets `invalid_scope`, not a quieter token.
    scopes: [...OIDC_SCOPES, ...RESOURCE_SCOPES],
    claims: CLAIMS_BY_SCOPE,
    // The authorization code flow only: no tokens in front-channel redirects.
    responseTypes: ['code'],
    // The BFFs read the user's name and email from the ID token (passport-openidconnect builds its profile
    // from it), and their access token is for the backend, not for userinfo.
    conformIdTokenClaims: false,
    cookies: {
      keys: cookieKeys,
      // Browsers share cookies across ports of one host: distinct names keep dev-idp's apart from the BFFs' on localhost.
      names: { session: 'facet_idp_session', interaction: 'facet_idp_interaction', resume: 'facet_idp_resume' },
    },
    // PKCE (S256, the only method oidc-provider 9 accepts) for every client, confidential ones included.
    pkce: { required: () => true },
    // No client runs in a browser: the BFFs talk to dev-idp server-side and the mobile app is native.
    clientBasedCORS: () => false,
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    rotateRefreshToken: () => true,
    // oidc-provider's fetch refuses loopback and private addresses (SSRF protection), yet dev-idp's only outgoing
    // calls are back-channel logouts to the BFFs it is configured with, which run on localhost.
    fetch: (input, init) => fetch(input, { ...init, dispatcher: undefined }),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: ownToken },
      revocation: { enabled: true, allowedPolicy: ownToken },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => renderHtml(ctx, logoutConfirmPage(form, ctx.oidc.client?.clientName)),
        postLogoutSuccessSource: (ctx) => renderHtml(ctx, signedOutPage()),
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, client) =>
          client && PARTNER_CLIENT_IDS.has(client.clientId) ? config.PARTNER_API_AUDIENCE : config.BACKEND_AUDIENCE,
        useGrantedResource: (_ctx, grantSource) => grantsBackendScope(grantSource.scopes),
        getResourceServerInfo: (_ctx, resourceIndicator, client) => {
          // The mobile app's own audience: its tokens are for mobile-bff, which exchanges them for backend ones.
          const mobile = resourceIndicator === config.MOBILE_BFF_AUDIENCE && client.clientId === MOBILE_APP_CLIENT_ID;
          // Partners reach data only through partner-bff: the partner API is their only audience, and only theirs.
          const partnerClient = PARTNER_CLIENT_IDS.has(client.clientId);
          const partner = resourceIndicator === config.PARTNER_API_AUDIENCE && partnerClient;
          const backend = resourceIndicator === config.BACKEND_AUDIENCE && !partnerClient;
          if (!mobile && !partner && !backend) throw new errors.InvalidTarget();
          return {
            audience: resourceIndicator,
            scope: (partner ? PARTNER_SCOPES : BACKEND_SCOPES).join(' '),
            accessTokenFormat: 'jwt',
            accessTokenTTL: config.ACCESS_TOKEN_TTL_SECONDS,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    ttl: {
      AccessToken: () => config.ACCESS_TOKEN_TTL_SECONDS,
      ClientCredentials: () => config.ACCESS_TOKEN_TTL_SECONDS,
      IdToken: () => config.ID_TOKEN_TTL_SECONDS,
      // Absolute lifetime: rotation hands the new token what is left of the old one.
      RefreshToken: (ctx) => ctx.oidc.entities.RotatedRefreshToken?.remainingTTL ?? config.REFRESH_TOKEN_TTL_SECONDS,
      Grant: () => config.REFRESH_TOKEN_TTL_SECONDS,
      Session: () => config.SESSION_TTL_SECONDS,
      Interaction: () => INTERACTION_TTL_SECONDS,
    },
    renderError: (ctx, out) => {
      const details: Record<string, string> = { error: out.error };
      if (out.error_description) details.error_description = out.error_description;
      renderHtml(ctx, errorPage('Something went wrong', 'dev-idp could not complete this request.', details));
    },
  };
}
