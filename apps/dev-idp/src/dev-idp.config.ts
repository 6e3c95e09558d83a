import { IsHttpOrigin, PlatformConfig } from '@facet/platform';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';

/** dev-idp's settings: who it is, who its web client is, and how long what it issues lives. */
export class DevIdpConfig extends PlatformConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT: number = 4000;

  /** dev-idp holds the dev-only client secrets and the seeded users' shared password: never in production. */
  @IsIn(['development', 'test'], { message: 'dev-idp is for development and tests only: NODE_ENV must not be production' })
  override NODE_ENV: 'development' | 'test' = 'development';

  /** The issuer identifier: `iss` of every token and the base of every endpoint. */
  @IsHttpOrigin()
  OIDC_ISSUER_URL: string = 'http://localhost:4000';

  /** The web BFF's public origin: its redirect, post-logout and back-channel logout URIs are derived from it. */
  @IsHttpOrigin()
  WEB_BFF_URL: string = 'http://localhost:3000';

  /** The resource indicator (and `aud`) of access tokens for the backend services. */
  @IsString()
  @IsNotEmpty()
  BACKEND_AUDIENCE: string = 'urn:facet:backend';

  /** The resource indicator (and `aud`) of the mobile app's access tokens, for mobile-bff only. */
  @IsString()
  @IsNotEmpty()
  MOBILE_BFF_AUDIENCE: string = 'urn:facet:mobile-bff';

  /** The resource indicator (and `aud`) of partners' client-credentials tokens, for partner-bff only. */
  @IsString()
  @IsNotEmpty()
  PARTNER_API_AUDIENCE: string = 'urn:facet:partner-api';

  @IsInt()
  @Min(1)
  ACCESS_TOKEN_TTL_SECONDS: number = 300;

  /** Absolute: a rotated refresh token keeps the remaining lifetime of the one it replaces. */
  @IsInt()
  @Min(1)
  REFRESH_TOKEN_TTL_SECONDS: number = 28_800;

  @IsInt()
  @Min(1)
  ID_TOKEN_TTL_SECONDS: number = 3600;

  /** How long the sign-in at dev-idp itself lasts (its session cookie). */
  @IsInt()
  @Min(1)
  SESSION_TTL_SECONDS: number = 28_800;
}
