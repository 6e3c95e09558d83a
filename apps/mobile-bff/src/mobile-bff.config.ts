import { BearerBffConfig } from '@facet/bff';
import { IsInt, Max, Min } from 'class-validator';

/** mobile-bff's settings: the kit's bearer BFF settings (BearerBffConfig) and the phone screens' own. */
export class MobileBffConfig extends BearerBffConfig {
  override PORT: number = 3001;

  override OIDC_CLIENT_ID: string = 'facet-mobile-bff';

  override REDIS_KEY_PREFIX: string = 'facet:mobile-bff:';

  override BFF_AUDIENCE: string = 'urn:facet:mobile-bff';

  /** How long a phone may reuse a screen without asking again (`Cache-Control: private, max-age`); 0 sends `no-cache`. */
  @IsInt()
  @Min(0)
  @Max(300)
  SCREEN_MAX_AGE_SECONDS: number = 10;

  /** Bodies smaller than this are sent uncompressed: below it, compression gains less than its headers cost. */
  @IsInt()
  @Min(0)
  COMPRESSION_THRESHOLD_BYTES: number = 1024;
}
