/** OpenID Connect scopes: they shape the ID token and userinfo, never an access token's `scope`. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** What an app may do at the backend services, for a signed-in user or as a trusted service. */
export const BACKEND_SCOPES = ['orders:read', 'orders:write', 'products:read', 'users:read'] as const;

/** What a partner may do at the partner API (its audience only), granted per partner. */
export const PARTNER_SCOPES = ['partner:products:read', 'partner:orders:read', 'partner:shipments:write'] as const;

/** Every scope an access token for some resource server (the backends, mobile-bff, the partner API) can carry. */
export const RESOURCE_SCOPES: readonly string[] = [...BACKEND_SCOPES, ...PARTNER_SCOPES];

/** The standard claims each OpenID scope releases into the ID token and userinfo. */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name'],
  email: ['email', 'email_verified'],
};

export const scopeList = (...groups: (readonly string[])[]): string => groups.flat().join(' ');
