import { BearerBffConfig } from '@facet/bff';
import { RotatedSecrets, Secret } from '@facet/platform';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** mobile-bff's settings: the kit's bearer BFF settings (BearerBffConfig) and the phone screens' own. */
export class MobileBffConfig extends BearerBffConfig {
  override PORT: number = 3001;

  override OIDC_CLIENT_ID: string = 'facet-mobile-bff';

  override REDIS_KEY_PREFIX: string = 'facet:mobile-bff:';

  override BFF_AUDIENCE: string = 'urn:facet:mobile-bff';

  /** Signs the order list's cursors (at least 32 characters; the same on every replica). */
  @Secret()
  @IsString()
  @MinLength(32)
  CURSOR_SIGNING_SECRET!: string;

  /** Secrets CURSOR_SIGNING_SECRET replaced: cursors they signed are still accepted (comma-separated; rotation). */
  @RotatedSecrets()
  CURSOR_SIGNING_SECRETS_PREVIOUS?: string;

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
