import type { ClientMetadata } from 'oidc-provider';
import type { DevIdpConfig } from '../dev-idp.config';
import { BACKEND_SCOPES, OIDC_SCOPES, PARTNER_SCOPES, scopeList } from './scopes';
import { TOKEN_EXCHANGE_GRANT } from './token-exchange.grant';

/** The native mobile app: a public client (PKCE), whose tokens may name mobile-bff as their audience. */
export const MOBILE_APP_CLIENT_ID = 'facet-mobile';

/** Partners' own servers (client credentials): their tokens are for the partner API, never for the backends. */
export const PARTNER_CLIENT_IDS: ReadonlySet<string> = new Set(['partner-acme', 'partner-globex', 'partner-initech']);

/**
 * The clients dev-idp knows. Every secret here is a development-only value, named as such; in production the
 * BFFs are registered at the company's real identity provider.
 *
 * Every confidential client authenticates with `client_secret_post`: passport-openidconnect (web BFF) supports
 * nothing else, and one method for all keeps the scripted clients and downstream token clients alike.
 */
export function registeredClients(config: Pick<DevIdpConfig, 'WEB_BFF_URL'>): ClientMetadata[] {
  const web = config.WEB_BFF_URL;
  const machine: Omit<ClientMetadata, 'client_id'> = {
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_post',
  };
  return [
    {
      client_id: 'facet-web-bff',
      client_secret: 'dev-only-web-bff-secret',
      client_name: 'Facet web',
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      redirect_uris: [`${web}/auth/callback`],
      post_logout_redirect_uris: [`${web}/`],
      backchannel_logout_uri: `${web}/auth/backchannel-logout`,
      backchannel_logout_session_required: true,
      scope: scopeList(OIDC_SCOPES, BACKEND_SCOPES),
    },
    {
      client_id: MOBILE_APP_CLIENT_ID,
      client_name: 'Facet mobile',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['com.facet.mobile:/oauth/callback'],
      scope: scopeList(OIDC_SCOPES, BACKEND_SCOPES),
    },
    {
      ...machine,
      client_id: 'facet-mobile-bff',
      client_secret: 'dev-only-mobile-bff-secret',
      // Exchanges the mobile app's tokens for backend ones (RFC 8693); the only client allowed to.
      grant_types: ['client_credentials', TOKEN_EXCHANGE_GRANT],
      scope: scopeList(BACKEND_SCOPES),
    },
    { ...machine, client_id: 'facet-partner-bff', client_secret: 'dev-only-partner-bff-secret', scope: scopeList(BACKEND_SCOPES) },
    { ...machine, client_id: 'partner-acme', client_secret: 'dev-only-partner-acme-secret', scope: scopeList(PARTNER_SCOPES) },
    // Reads only: globex may not record shipments.
    {
      ...machine,
      client_id: 'partner-globex',
      client_secret: 'dev-only-partner-globex-secret',
      scope: 'partner:products:read partner:orders:read',
    },
    { ...machine, client_id: 'partner-initech', client_secret: 'dev-only-partner-initech-secret', scope: scopeList(PARTNER_SCOPES) },
  ];
}
