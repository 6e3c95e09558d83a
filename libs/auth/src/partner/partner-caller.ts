import type { Principal } from '@facet/platform';

/** A partner, as the credential it presented proves it. */
export interface PartnerCaller {
  partnerId: string;
  scopes: readonly string[];
  /** How it proved it: an API key, or an OAuth client-credentials token. */
  via: 'api-key' | 'client-credentials';
  /** The API key's id (never the key), or the OAuth client id: what audit records name. */
  credentialId: string;
  /** Epoch ms: when the key or token stops working. */
  expiresAt?: number;
}

/** The token-free principal the request context carries. */
export function partnerPrincipalOf(caller: PartnerCaller): Principal {
  return {
    kind: caller.via,
    subject: caller.partnerId,
    partnerId: caller.partnerId,
    scopes: caller.scopes,
    ...(caller.via === 'api-key' ? { keyId: caller.credentialId } : { clientId: caller.credentialId }),
    expiresAt: caller.expiresAt,
  };
}
