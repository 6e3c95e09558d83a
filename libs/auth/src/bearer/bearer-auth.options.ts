import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface BearerAuthOptions {
  /** The issuer's URL: tokens must carry exactly this `iss`; its discovery document names the JWKS. */
  issuer: string;
  /** Tokens must carry (one of) these in `aud`. */
  audience: string | string[];
  /** The JWKS URL, for an issuer without a discovery document. */
  jwksUri?: string;
  /** Accepted signature algorithms (default RS256, PS256, ES256, EdDSA: never `none` or HMAC). */
  algorithms?: string[];
  /** Leeway for `exp` and `nbf` between this host's clock and the issuer's (default 5 s). */
  clockToleranceSeconds?: number;
  /** Scopes every token must hold, on top of those a route asks for with `@RequireScopes()`. */
  requiredScopes?: string[];
  /** Route templates served without a token besides `@Public()` ones (default: the platform's `/health/*`). */
  publicPaths?: RegExp;
  /** Time limit for fetching the discovery document and the JWKS (default 2 s). */
  httpTimeoutMs?: number;
  /**
   * Verified tokens kept so a caller's repeated requests cost one signature check: how many (default 5,000;
   * 0 turns the cache off) and for how long at most (default 60 s, and never past the token's own expiry).
   */
  verifiedTokenCache?: { maxEntries?: number; maxAgeSeconds?: number };
}

export const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;
export const DEFAULT_HTTP_TIMEOUT_MS = 2000;
export const DEFAULT_VERIFIED_TOKEN_CACHE = { maxEntries: 5000, maxAgeSeconds: 60 } as const;

export const {
  ConfigurableModuleClass: ConfigurableBearerAuthModule,
  MODULE_OPTIONS_TOKEN: BEARER_AUTH_OPTIONS,
  OPTIONS_TYPE: BEARER_AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: BEARER_AUTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<BearerAuthOptions>().setClassMethodName('forRoot').build();
