import {
  HttpsInProduction,
  IsHttpUrl,
  IsRedisUrl,
  PlatformConfig,
  ProtectedRedisUrlInProduction,
  RotatedSecrets,
  Secret,
} from '@facet/platform';
import { DOWNSTREAM_TRANSPORTS, type DownstreamTransport } from '@facet/downstream';
import { PARTNER_RATE_LIMIT_ITEM, RATE_LIMIT_ITEM } from '../rate-limits/rate-limits';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Min, MinLength, ValidateBy } from 'class-validator';

/** A duration setting that must be at least another one of the same config. */
function AtLeastSetting(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'atLeastSetting',
    validator: {
      validate: (value: unknown, args) => {
        const bound = (args?.object as Record<string, unknown> | undefined)?.[other];
        return typeof value !== 'number' || typeof bound !== 'number' || value >= bound;
      },
      defaultMessage: (args) => `${args?.property} must be at least ${other}`,
    },
  });
}

/**
 * What every BFF is configured with: the identity provider and the BFF's own client there, the backends and their
 * audience, the product cache, the Redis that replicas share and the key its listings' cursors are signed with. An app's config class extends the base of its auth
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

  /** The HTTP client the backends are called through: undici (default: it costs less per call) or @nestjs/axios. */
  @IsIn(DOWNSTREAM_TRANSPORTS)
  DOWNSTREAM_TRANSPORT: DownstreamTransport = 'undici';

  /** How long one call to a backend may take before it is abandoned (and, for a read, retried). */
  @IsInt()
  @Min(50)
  DOWNSTREAM_ATTEMPT_TIMEOUT_MS: number = 2000;

  /**
   * How long a backend call may take in all, retries and their backoff included: a backend that hangs costs a
   * client request at most this (it then answers 504, or a degraded view without that backend's part).
   */
  @IsInt()
  @Min(50)
  @AtLeastSetting('DOWNSTREAM_ATTEMPT_TIMEOUT_MS')
  DOWNSTREAM_DEADLINE_MS: number = 5000;

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
  @IsRedisUrl()
  @ProtectedRedisUrlInProduction()
  REDIS_URL?: string;

  /** Namespace of this BFF's keys in a shared Redis. */
  @IsString()
  @IsNotEmpty()
  REDIS_KEY_PREFIX!: string;

  /** Signs pagination cursors (at least 32 characters; the same on every replica). */
  @Secret()
  @IsString()
  @MinLength(32)
  CURSOR_SIGNING_SECRET!: string;

  /** Secrets CURSOR_SIGNING_SECRET replaced: cursors they signed are still accepted (comma-separated; rotation). */
  @RotatedSecrets()
  CURSOR_SIGNING_SECRETS_PREVIOUS?: string;
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
 * A BFF that serves an API to programs rather than pages to a browser (a native app, a partner's server): what
 * its replicas share lives in STATE_STORE.
 */
export class ApiBffConfig extends BffConfig {
  /**
   * Where the state replicas must share lives (exchanged tokens, idempotency records, API keys): `memory` for one
   * replica, `redis` (REDIS_URL) for several.
   */
  @IsIn(['memory', 'redis'])
  STATE_STORE: 'memory' | 'redis' = 'memory';
}

/**
 * A BFF whose clients log in themselves and call it with a bearer token meant for it (a native app): the token is
 * verified here and exchanged (RFC 8693) for the backends, never relayed.
 */
export class BearerBffConfig extends ApiBffConfig {
  /** The audience the callers' tokens must name: this BFF (e.g. `urn:facet:mobile-bff`). */
  @IsString()
  @IsNotEmpty()
  BFF_AUDIENCE!: string;

  /** At least 32 characters; the key that seals exchanged tokens in the shared store is derived from it. */
  @Secret()
  @IsString()
  @MinLength(32)
  STATE_ENCRYPTION_SECRET!: string;
}

const listOf = (item: RegExp): RegExp => new RegExp(`^${item.source.slice(1, -1)}(,${item.source.slice(1, -1)})*$`);
const RATE_LIMITS_FORMAT = listOf(RATE_LIMIT_ITEM);
const PARTNER_RATE_LIMITS_FORMAT = listOf(PARTNER_RATE_LIMIT_ITEM);

/** `client-id=partner-id` pairs, comma-separated. */
const PARTNER_CLIENTS_FORMAT = /^[\w.:-]+=[a-z][a-z0-9-]{1,39}(,[\w.:-]+=[a-z][a-z0-9-]{1,39})*$/;

/**
 * A BFF for partners' servers: they come in with an API key or a client-credentials token for the partner API's
 * audience, and the BFF calls the backends as itself (its own client-credentials token), never with theirs.
 */
export class PartnerBffConfig extends ApiBffConfig {
  /** The audience partners' client-credentials tokens must name. */
  @IsString()
  @IsNotEmpty()
  PARTNER_API_AUDIENCE: string = 'urn:facet:partner-api';

  /** Which partner each OAuth client is: `partner-acme=acme,partner-globex=globex`. An unlisted client is refused. */
  @Matches(PARTNER_CLIENTS_FORMAT, { message: 'PARTNER_CLIENTS must be client-id=partner-id pairs, comma-separated' })
  PARTNER_CLIENTS!: string;

  /** What the BFF's own token asks of the backends: partner data is read and shipments recorded as this service. */
  @Matches(/^[\w:.-]+( [\w:.-]+)*$/, { message: 'BACKEND_SCOPES must be space-separated scope names' })
  BACKEND_SCOPES: string = 'orders:read orders:write products:read';

  /** Each route class's budget per partner: `<class>=<requests>/<seconds>` for read, write and export, comma-separated. */
  @Matches(RATE_LIMITS_FORMAT, { message: 'RATE_LIMITS must be <read|write|export>=<requests>/<seconds> items, comma-separated' })
  RATE_LIMITS: string = 'read=600/60,write=120/60,export=10/3600';

  /** Partners whose budgets differ: `<partner>:<class>=<requests>/<seconds>`, comma-separated (e.g. `acme:read=1200/60`). */
  @IsOptional()
  @Matches(PARTNER_RATE_LIMITS_FORMAT, {
    message: 'PARTNER_RATE_LIMITS must be <partner>:<class>=<requests>/<seconds> items, comma-separated',
  })
  PARTNER_RATE_LIMITS?: string;

  /** Operators present it (`Authorization: Bearer`) to the admin routes on the management port that issue and revoke API keys. */
  @Secret()
  @IsString()
  @MinLength(32)
  PARTNER_ADMIN_TOKEN!: string;
}

/** The `PARTNER_CLIENTS` setting as a map from client id to partner id. */
export function partnerClientsOf(setting: string): Record<string, string> {
  return Object.fromEntries(setting.split(',').map((pair) => pair.split('=') as [string, string]));
}
