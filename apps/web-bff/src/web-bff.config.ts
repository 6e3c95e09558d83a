import { DOWNSTREAM_SERVICES } from '@facet/downstream';
import { SessionBffConfig } from '@facet/bff';
import { HttpsInProduction, IsHttpOrigin } from '@facet/platform';
import { IsInt, Matches, Min } from 'class-validator';

const PASSTHROUGH_ROUTE = `(GET|POST|PUT|PATCH|DELETE) (${DOWNSTREAM_SERVICES.join('|')}) \\/[\\w/:.-]*(\\?[\\w.-]+(&[\\w.-]+)*)?`;
const PASSTHROUGH_ALLOWLIST_FORMAT = new RegExp(`^${PASSTHROUGH_ROUTE}(, *${PASSTHROUGH_ROUTE})*$`);

/** web-bff's settings: the kit's session BFF settings (SessionBffConfig) and the browser's own. */
export class WebBffConfig extends SessionBffConfig {
  override PORT: number = 3000;

  override OIDC_CLIENT_ID: string = 'facet-web-bff';

  override REDIS_KEY_PREFIX: string = 'facet:web-bff:';

  /** The origin browsers use to reach this BFF: builds the OIDC callback URL and is the only accepted Origin. */
  @IsHttpOrigin()
  @HttpsInProduction()
  WEB_BFF_URL: string = 'http://localhost:3000';

  /** Login starts (`/auth/login`) and callbacks (`/auth/callback`) each accepted per client IP per window. */
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT: number = 30;

  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: number = 60;

  /**
   * Backend routes the browser may reach through `/api/proxy/<service>/...`: comma-separated
   * `METHOD service /path/:param?query&params` (the query parameters the route forwards; none without `?`).
   */
  @Matches(PASSTHROUGH_ALLOWLIST_FORMAT, {
    message: 'PASSTHROUGH_ALLOWLIST must look like "GET products /categories, GET products /products/:id, GET products /products?q&limit"',
  })
  PASSTHROUGH_ALLOWLIST: string = 'GET products /categories, GET products /products/:id';
}
