import { FacetError, type RequestContext } from '@facet/platform';
import type { CallIdentity } from '../downstream.options';
import type { ServiceTokenSource } from './service-token';

/** The token a call presents, and whose it is. */
export interface Credential {
  token: string;
  kind: 'user' | 'service';
}

/** The call wants the user's token and there is none; the caller turns this into a 401 for its service. */
export class MissingCredential extends Error {
  override readonly name = 'MissingCredential';
}

/** Where the end user's token for backend calls comes from: one source per auth kind. */
export interface UserTokenSource {
  /** The token for the current request's user; `MissingCredential` when the request has none. */
  token(): Promise<string>;
  close?(): Promise<void>;
}

/** A browser session's token, already meant for the backends: relayed as the session guard left it. */
export class RelayedUserToken implements UserTokenSource {
  constructor(private readonly context: RequestContext) {}

  token(): Promise<string> {
    const token = this.context.userAccessToken;
    if (!token) return Promise.reject(new MissingCredential('no user access token in the request context'));
    return Promise.resolve(token);
  }
}

/**
 * Picks the credential for one call: the end user's token (from the user token source: relayed from
 * the session, or exchanged for the bearer token a caller presented; or passed explicitly) or the BFF's own
 * service token. Each is asked only when a call needs it. Never falls back from one to the other: a user call with no
 * user token fails rather than quietly acting with the service's wider rights.
 */
export class Credentials {
  constructor(
    context: RequestContext,
    private readonly defaultIdentity: 'user' | 'service',
    private readonly serviceTokens?: ServiceTokenSource,
    private readonly userTokens: UserTokenSource = new RelayedUserToken(context),
  ) {}

  async resolve(identity: CallIdentity = this.defaultIdentity): Promise<Credential> {
    if (typeof identity === 'object') return { token: identity.accessToken, kind: 'user' };
    if (identity === 'user') return { token: await this.userTokens.token(), kind: 'user' };
    if (!this.serviceTokens) {
      throw new FacetError('DOWNSTREAM_MISCONFIGURED', 'A service-identity call was made but DownstreamModule has no serviceIdentity', 500);
    }
    return { token: await this.serviceTokens.token(), kind: 'service' };
  }

  /** A backend refused this credential: if it was our service token, forget it. */
  rejected(credential: Credential): void {
    if (credential.kind === 'service') this.serviceTokens?.invalidate(credential.token);
  }

  /** Loaders and coalesced calls are keyed by this, so one caller's answer never reaches another. */
  static key(identity: CallIdentity | undefined, fallback: 'user' | 'service'): string {
    const chosen = identity ?? fallback;
    return typeof chosen === 'object' ? `token:${chosen.accessToken}` : chosen;
  }
}
