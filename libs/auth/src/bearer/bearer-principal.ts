import type { Principal } from '@facet/platform';
import type { JWTPayload } from 'jose';

/** Who called, as a verified access token says. */
export interface BearerPrincipal {
  /** `sub`: a user id for a user's token, the client id for a client-credentials (service) token. */
  subject: string;
  /** `client_id`: the application the token was issued to. */
  clientId: string;
  scopes: readonly string[];
  /** A user's token (the client acts for `subject`), as opposed to a service's own token. */
  isUser: boolean;
  /** The raw token, for relaying it. */
  token: string;
  claims: Readonly<JWTPayload>;
}

/** The token-free principal the request context carries (copied field by field, so no token slips in). */
export function principalOf(bearer: BearerPrincipal): Principal {
  return {
    kind: 'bearer',
    subject: bearer.subject,
    scopes: bearer.scopes,
    clientId: bearer.clientId,
    expiresAt: typeof bearer.claims.exp === 'number' ? bearer.claims.exp * 1000 : undefined,
  };
}
