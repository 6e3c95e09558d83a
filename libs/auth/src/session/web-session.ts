/** What the BFF keeps server-side for one logged-in browser. The browser only ever holds the opaque id. */
export interface WebSession {
  /** The provider's subject (the user id). */
  subject: string;
  /** The provider's session id (`sid`), for back-channel logout. */
  providerSessionId?: string;
  profile: { name?: string; email?: string };
  tokens: {
    accessToken: string;
    accessTokenExpiresAt: number;
    refreshToken?: string;
    idToken: string;
  };
  createdAt: number;
  lastSeenAt: number;
  /** The session ends at this instant whatever happens: the absolute timeout, capped by the refresh token's life. */
  absoluteExpiresAt: number;
}

/** A session as handed to route handlers, with its id. */
export interface ActiveSession extends WebSession {
  id: string;
  /** When the session ends if it stays idle from now on. */
  expiresAt: number;
}

/**
 * What route handlers get of a session: whose it is and until when. No tokens (the session guard hands the access
 * token to downstream calls through the request context) and no session id (the cookie value is a credential).
 */
export interface SessionPrincipal {
  readonly subject: string;
  readonly providerSessionId?: string;
  readonly profile: Readonly<{ name?: string; email?: string }>;
  readonly createdAt: number;
  /** When the session ends if it stays idle from now on. */
  readonly expiresAt: number;
  readonly absoluteExpiresAt: number;
}

/** Copied field by field, so a field added to sessions later reaches handlers only when it is added here too. */
export function sessionPrincipalOf(session: ActiveSession): SessionPrincipal {
  return {
    subject: session.subject,
    providerSessionId: session.providerSessionId,
    profile: { name: session.profile.name, email: session.profile.email },
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
  };
}
