import { HttpsInProduction, IsHttpUrl, PlatformConfig, ProtectedRedisUrlInProduction, RotatedSecrets, Secret } from '@facet/platform';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Min, MinLength } from 'class-validator';

/**
 * What every BFF is configured with: the identity provider and the BFF's own client there, the backends and their
 * audience, the product cache and the Redis that replicas share. An app's config class extends the base of its auth
 * kind (SessionBffConfig, BearerBffConfig) and adds only its own settings and defaults (PORT, OIDC_CLIENT_ID, the
 * Redis key prefix). Secrets have no defaults: the local stack passes dev-only values, production its own.
 */
export class BffConfig extends PlatformConfig {
  @IsHttpUrl()
  @HttpsInProduction()
  OIDC_ISSUER_URL: string = 'http://localhost:4000';

  /** This BFF's own client at the identity provider. */
  @IsString()
  @IsNotEmpty()
  OIDC_CLIENT_ID!: string;

  @Secret()
  @IsString()
  @MinLength(8)
  OIDC_CLIENT_SECRET!: string;

  /** Resource indicator for the backend services' audience. */
  @IsString()
  @IsNotEmpty()
  BACKEND_AUDIENCE: string = 'urn:facet:backend';

  @IsHttpUrl()
  ORDER_SERVICE_URL: string = 'http://localhost:4001';

  @IsHttpUrl()
  PRODUCT_SERVICE_URL: string = 'http://localhost:4002';

  @IsHttpUrl()
  USER_SERVICE_URL: string = 'http://localhost:4003';

  /** How long product data is served from the cache before it is revalidated (0 turns caching off). */
  @IsInt()
  @Min(0)
  PRODUCT_CACHE_TTL_MS: number = 60_000;

  /** How long the last known product data may stand in while the product service is failing. */
  @IsInt()
  @Min(0)
  PRODUCT_CACHE_STALE_IF_ERROR_MS: number = 86_400_000;

  @IsIn(['memory', 'redis'])
  PRODUCT_CACHE_STORE: 'memory' | 'redis' = 'memory';

  /** A secret: it may carry Redis's password. */
  @Secret()
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['redis', 'rediss'] })
  @ProtectedRedisUrlInProduction()
  REDIS_URL?: string;

  /** Namespace of this BFF's keys in a shared Redis. */
  @IsString()
  @IsNotEmpty()
  REDIS_KEY_PREFIX!: string;
}

/** A BFF whose users log in through it (server-side OpenID Connect) and hold only a session cookie: the web. */
export class SessionBffConfig extends BffConfig {
  @Matches(/^[\w:.-]+( [\w:.-]+)*$/, { message: 'OIDC_SCOPES must be space-separated scope names' })
  OIDC_SCOPES: string = 'openid profile email offline_access orders:read orders:write products:read users:read';

  @IsIn(['memory', 'redis'])
  SESSION_STORE: 'memory' | 'redis' = 'memory';

  /** At least 32 characters; the key that encrypts sessions at rest is derived from it. */
  @Secret()
  @IsString()
  @MinLength(32)
  SESSION_ENCRYPTION_SECRET!: string;

  /** Secrets that SESSION_ENCRYPTION_SECRET replaced (key rotation): comma-separated, each at least 32 characters; read only. */
  @RotatedSecrets()
  SESSION_ENCRYPTION_SECRETS_PREVIOUS?: string;

  /** How many sessions one user may hold at once; a login beyond it ends that user's oldest session. */
  @IsInt()
  @Min(1)
  SESSION_MAX_PER_USER: number = 10;

  @IsInt()
  @Min(1)
  SESSION_IDLE_TIMEOUT_SECONDS: number = 1800;

  @IsInt()
  @Min(1)
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: number = 28_800;

  @IsInt()
  @Min(0)
  TOKEN_REFRESH_SKEW_SECONDS: number = 30;

  @IsInt()
  @Min(100)
  SESSION_MAX_ENTRIES: number = 10_000;

  @IsInt()
  @Min(0)
  OIDC_DISCOVERY_TIMEOUT_MS: number = 30_000;
}

/**
 * A BFF whose clients log in themselves and call it with a bearer token meant for it (a native app): the token is
 * verified here and exchanged (RFC 8693) for the backends, never relayed.
 */
export class BearerBffConfig extends BffConfig {
  /** The audience the callers' tokens must name: this BFF (e.g. `urn:facet:mobile-bff`). */
  @IsString()
  @IsNotEmpty()
  BFF_AUDIENCE!: string;

  /**
   * Where the state replicas must share lives (exchanged tokens, idempotency records): `memory` for one replica,
   * `redis` (REDIS_URL) for several.
   */
  @IsIn(['memory', 'redis'])
  STATE_STORE: 'memory' | 'redis' = 'memory';

  /** At least 32 characters; the key that seals exchanged tokens in the shared store is derived from it. */
  @Secret()
  @IsString()
  @MinLength(32)
  STATE_ENCRYPTION_SECRET!: string;
}
