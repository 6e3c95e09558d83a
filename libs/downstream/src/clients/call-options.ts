import type { CallIdentity } from '../downstream.options';

export interface CallOptions {
  /**
   * Which credential the backend sees: `user` relays the end user's access token from the request context,
   * `{ accessToken }` relays one passed explicitly, `service` uses the BFF's own client-credentials token.
   * Defaults to the module's `defaultIdentity`.
   */
  identity?: CallIdentity;
}
