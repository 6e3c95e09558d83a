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
