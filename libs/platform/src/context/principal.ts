/**
 * Who a request acts for, whatever proved it (a browser session, a bearer token…): what route policy and
 * downstream calls need to know, and never a token. Auth guards put it in the request context.
 */
export interface Principal {
  readonly kind: 'session' | 'bearer' | 'api-key' | 'client-credentials';
  /** The user id (a service's own token: its client id; a partner: the partner's id). */
  readonly subject: string;
  /** What the caller's token grants; empty when the BFF does not gate routes by scope (sessions). */
  readonly scopes: readonly string[];
  /** The application the caller's token was issued to, when known. */
  readonly clientId?: string;
  /** The partner a partner credential (API key or client-credentials token) belongs to. */
  readonly partnerId?: string;
  /** The id of the API key that proved it (never the key). */
  readonly keyId?: string;
  /** When the proof of identity runs out (epoch ms): the token's expiry, or the session's idle expiry. */
  readonly expiresAt?: number;
}
