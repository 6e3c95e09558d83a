import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@facet/platform';
import { type JWTPayload, type RemoteJWKSet, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import {
  BEARER_AUTH_OPTIONS,
  type BearerAuthOptions,
  DEFAULT_ALGORITHMS,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_HTTP_TIMEOUT_MS,
  DEFAULT_VERIFIED_TOKEN_CACHE,
} from './bearer-auth.options';
import { TokenVerificationUnavailableError, UnauthenticatedError } from './bearer-auth.errors';
import type { BearerPrincipal } from './bearer-principal';
import { fetchProviderMetadata } from '../oidc/discovery';

/** jose errors that say the token is bad; any other failure means the keys could not be fetched. */
const TOKEN_ERRORS = new Set<string>([
  errors.JWTExpired.code,
  errors.JWTClaimValidationFailed.code,
  errors.JWTInvalid.code,
  errors.JWSInvalid.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
]);

function describe(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'The access token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `The access token's ${error.claim} claim is not accepted (${error.reason})`;
  return 'The access token is not valid';
}

/**
 * Verifies JWT access tokens against the issuer's published keys (fetched once, refetched for an unknown key id).
 * A token that verified is remembered, by its exact text, until it expires or for `maxAgeSeconds` at most: a
 * caller's next requests with it skip the signature check (a trip to libuv's thread pool with WebCrypto), which
 * is most of a backend's per-request auth cost. Expiry is checked again on every use; the age limit bounds how
 * long a token signed with a key the issuer has since withdrawn stays accepted.
 */
@Injectable()
export class BearerTokenVerifier implements OnModuleInit {
  private keySet?: Promise<RemoteJWKSet>;
  private readonly verified?: LRUCache<string, BearerPrincipal>;
  private readonly maxAgeMs: number;

  constructor(
    @Inject(BEARER_AUTH_OPTIONS) private readonly options: BearerAuthOptions,
    private readonly readiness: ReadinessRegistry,
  ) {
    const { maxEntries, maxAgeSeconds } = { ...DEFAULT_VERIFIED_TOKEN_CACHE, ...options.verifiedTokenCache };
    this.maxAgeMs = maxAgeSeconds * 1000;
    if (maxEntries > 0 && maxAgeSeconds > 0) this.verified = new LRUCache({ max: maxEntries });
  }

  onModuleInit(): void {
    this.readiness.register('bearer-jwks', () => this.checkKeys());
  }

  /** The caller a token speaks for; throws `UnauthenticatedError` (401) or, if keys are unreachable, a 503. */
  async verify(token: string): Promise<BearerPrincipal> {
    const remembered = this.verified?.get(token);
    if (remembered) {
      if (Date.now() < this.expiresAtMs(remembered.claims)) return remembered;
      this.verified?.delete(token);
    }
    let keys: RemoteJWKSet;
    try {
      keys = await this.keys();
    } catch (error) {
      throw new TokenVerificationUnavailableError(error);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.algorithms ?? DEFAULT_ALGORITHMS,
        clockTolerance: this.options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
        // client_id is checked after (by toPrincipal), so a token for another audience is refused as such.
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError && TOKEN_ERRORS.has(error.code)) throw new UnauthenticatedError(describe(error), true);
      throw new TokenVerificationUnavailableError(error);
    }
    const principal = toPrincipal(payload, token);
    this.remember(principal);
    return principal;
  }

  /** When a verified token stops being accepted: its `exp` plus the clock tolerance jose allowed it. */
  private expiresAtMs(claims: JWTPayload): number {
    return ((claims.exp ?? 0) + (this.options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS)) * 1000;
  }

  private remember(principal: BearerPrincipal): void {
    if (!this.verified) return;
    const ttl = Math.min(this.maxAgeMs, this.expiresAtMs(principal.claims) - Date.now());
    // Shared by every request that presents the token, so nobody may change it.
    if (ttl > 0) this.verified.set(principal.token, deepFreeze(principal), { ttl });
  }

  /** Readiness: the issuer's JWKS answers with at least one key. */
  async checkKeys(): Promise<void> {
    const keys = await this.keys();
    await keys.reload();
    if (!keys.jwks()?.keys.length) throw new Error('the issuer publishes no keys');
  }

  private keys(): Promise<RemoteJWKSet> {
    if (!this.keySet) {
      const keySet = this.jwksUri().then((uri) => createRemoteJWKSet(new URL(uri), { timeoutDuration: this.timeoutMs }));
      // A failed discovery is retried by the next request rather than remembered.
      keySet.catch(() => {
        if (this.keySet === keySet) this.keySet = undefined;
      });
      this.keySet = keySet;
    }
    return this.keySet;
  }

  private get timeoutMs(): number {
    return this.options.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  }

  private async jwksUri(): Promise<string> {
    return this.options.jwksUri ?? (await fetchProviderMetadata(this.options.issuer, this.timeoutMs)).jwks_uri;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}

function toPrincipal(claims: JWTPayload, token: string): BearerPrincipal {
  const { sub, client_id: clientId, scope } = claims;
  if (typeof sub !== 'string' || typeof clientId !== 'string' || (scope !== undefined && typeof scope !== 'string')) {
    throw new UnauthenticatedError('The access token lacks a sub or client_id claim, or its scope is malformed', true);
  }
  return {
    subject: sub,
    clientId,
    scopes: scope ? scope.split(' ').filter(Boolean) : [],
    // Client-credentials tokens are issued to the client itself: their subject is the client id (RFC 9068).
    isUser: sub !== clientId,
    token,
    claims,
  };
}
