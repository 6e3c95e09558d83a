import { HttpsInProduction, IsHttpUrl } from '@facet/platform';
import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { SandboxConfig } from './sandbox.config';

/** What the reference backend services (order, product and user) have in common: sandbox and token checks. */
export class ReferenceServiceConfig extends SandboxConfig {
  /** The services are called by the BFFs, never by the internet: their spans join the BFF's trace. */
  override OTEL_TRACE_CALLERS: 'continue' | 'link' = 'continue';

  /** The identity provider whose access tokens the service accepts (dev-idp in the local stack). */
  @IsHttpUrl()
  @HttpsInProduction()
  OIDC_ISSUER_URL: string = 'http://localhost:4000';

  /** The `aud` an access token must carry to be accepted by the backend services. */
  @IsString()
  @IsNotEmpty()
  BACKEND_AUDIENCE: string = 'urn:facet:backend';

  /** Leeway for an access token's expiry between this host's clock and the issuer's. */
  @IsInt()
  @Min(0)
  @Max(300)
  ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS: number = 5;
}
