import { PartnerBffConfig as KitPartnerBffConfig } from '@facet/bff';
import { IsInt, Max, Min } from 'class-validator';

/** partner-bff's settings: the kit's partner BFF settings and the partner API's own. */
export class PartnerBffConfig extends KitPartnerBffConfig {
  override PORT: number = 3002;

  override OIDC_CLIENT_ID: string = 'facet-partner-bff';

  override REDIS_KEY_PREFIX: string = 'facet:partner-bff:';

  /** What a 503 tells a partner to wait before retrying, when a backend a complete answer needs is down. */
  @IsInt()
  @Min(1)
  @Max(300)
  RETRY_AFTER_SECONDS: number = 5;

  /** How long a newly issued API key works unless the operator asks otherwise. */
  @IsInt()
  @Min(1)
  @Max(730)
  API_KEY_DEFAULT_VALID_DAYS: number = 365;
}
