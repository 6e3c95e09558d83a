import { DOWNSTREAM_SERVICES } from '@facet/downstream';
import { HttpsInProduction, IsHttpOrigin, IsHttpUrl, PlatformConfig, ProtectedRedisUrlInProduction, Secret } from '@facet/platform';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Min, MinLength } from 'class-validator';

const PASSTHROUGH_ROUTE = `(GET|POST|PUT|PATCH|DELETE) (${DOWNSTREAM_SERVICES.join('|')}) \\/[\\w/:.-]*(\\?[\\w.-]+(&[\\w.-]+)*)?`;
const PASSTHROUGH_ALLOWLIST_FORMAT = new RegExp(`^${PASSTHROUGH_ROUTE}(, *${PASSTHROUGH_ROUTE})*$`);

const PREVIOUS_SECRETS_FORMAT = /^([^,\s]{32,}(,[^,\s]{32,})*)?$/;

/** web-bff settings. Secrets have no defaults: the local stack passes dev-only values, production its own. */
export class WebBffConfig extends PlatformConfig {
  override PORT: number = 3000;

  /** The origin browsers use to reach this BFF: builds the OIDC callback URL and is the only accepted Origin. */
  @IsHttpOrigin()
  @HttpsInProduction()
  WEB_BFF_URL: string = 'http://localhost:3000';

  @IsHttpUrl()
  @HttpsInProduction()
  OIDC_ISSUER_URL: string = 'http://localhost:4000';

  @IsString()
  OIDC_CLIENT_ID: string = 'facet-web-bff';

  @Secret()
  @IsString()
  @MinLength(8)
  OIDC_CLIENT_SECRET!: string;

  @Matches(/^[\w:.-]+( [\w:.-]+)*$/, { message: 'OIDC_SCOPES must be space-separated scope names' })
  OIDC_SCOPES: string = 'openid profile email offline_access orders:read orders:write products:read users:read';

  /** Resource indicator for the backend services' audience. */
  @IsString()
  @IsNotEmpty()
  BACKEND_AUDIENCE: string = 'urn:facet:backend';

  @IsIn(['memory', 'redis'])
  SESSION_STORE: 'memory' | 'redis' = 'memory';

  /** A secret: it may carry Redis's password. */
  @Secret()
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['redis', 'rediss'] })
  @ProtectedRedisUrlInProduction()
  REDIS_URL?: string;

  /** Namespace of web-bff's keys in a shared Redis. */
  @IsString()
  REDIS_KEY_PREFIX: string = 'facet:web-bff:';

  /** At least 32 characters; the key that encrypts sessions at rest is derived from it. */
  @Secret()
  @IsString()
  @MinLength(32)
  SESSION_ENCRYPTION_SECRET!: string;

  /** Secrets that SESSION_ENCRYPTION_SECRET replaced (key rotation): comma-separated, each at least 32 characters; read only. */
  @Secret()
  @IsOptional()
  @Matches(PREVIOUS_SECRETS_FORMAT, {
    message:
      'SESSION_ENCRYPTION_SECRETS_PREVIOUS must be comma-separated secrets of at least 32 characters each (no spaces or commas inside)',
  })
  SESSION_ENCRYPTION_SECRETS_PREVIOUS?: string;

  /** How many sessions one user may hold at once; a login beyond it ends that user's oldest session. */
  @IsInt()
  @Min(1)
  SESSION_MAX_PER_USER: number = 10;

  /** Login starts (`/auth/login`) and callbacks (`/auth/callback`) each accepted per client IP per window. */
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT: number = 30;

  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: number = 60;

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

  /**
   * Backend routes the browser may reach through `/api/proxy/<service>/...`: comma-separated
   * `METHOD service /path/:param?query&params` (the query parameters the route forwards; none without `?`).
   */
  @Matches(PASSTHROUGH_ALLOWLIST_FORMAT, {
    message: 'PASSTHROUGH_ALLOWLIST must look like "GET products /categories, GET products /products/:id, GET products /products?q&limit"',
  })
  PASSTHROUGH_ALLOWLIST: string = 'GET products /categories, GET products /products/:id';
}
