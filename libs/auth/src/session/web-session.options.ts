import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface WebSessionOptions {
  /** The OpenID provider's issuer URL; endpoints come from its discovery document. */
  issuer: string;
  clientId: string;
  /** Sent as client_secret_post (the only method passport-openidconnect supports). */
  clientSecret: string;
  /** The BFF's public origin, e.g. https://shop.example.com: builds the callback URL and is the only accepted Origin. */
  publicOrigin: string;
  /** Scopes asked at login; `openid` is always included. */
  scopes: string[];
  /** Resource indicator (RFC 8707) for the backend audience, when the provider needs one. */
  resource?: string;
  /** Seconds of inactivity after which a session ends. */
  idleTimeoutSeconds: number;
  /** Seconds after login after which a session ends regardless of activity. */
  absoluteTimeoutSeconds: number;
  /** Refresh the access token this many seconds before it expires. */
  refreshSkewSeconds: number;
  /** `memory` (bounded, one replica) or `redis` (shared, encrypted at rest). */
  store: 'memory' | 'redis';
  redisUrl?: string;
  /** Namespace of this BFF's keys in a shared Redis; defaults to `facet:<clientId>:`. */
  keyPrefix?: string;
  /** Secret from which the at-rest encryption key is derived: records are sealed with it. */
  encryptionSecret: string;
  /**
   * Secrets used before `encryptionSecret` (key rotation): records they sealed are still read, and written again
   * with the current key when used. Drop one once every record it sealed has expired (the absolute timeout).
   */
  previousEncryptionSecrets?: readonly string[];
  /** How many sessions one user may hold at once; a new login beyond it ends that user's oldest session. */
  maxSessionsPerUser: number;
  /**
   * Memory store only: how many entries each in-process cache keeps before dropping the least recently used.
   * Sessions take two each (the record and its activity), beside refresh locks and logout-token markers; session
   * indexes and pending logins have caches of their own with the same bound, so a flood of anonymous login starts
   * pushes out only other pending logins, never a session.
   */
  maxEntries: number;
  /** How long start-up waits for the provider's discovery document. */
  discoveryTimeoutMs: number;
}

export const {
  ConfigurableModuleClass: ConfigurableWebSessionModule,
  MODULE_OPTIONS_TOKEN: WEB_SESSION_OPTIONS,
  OPTIONS_TYPE: WEB_SESSION_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: WEB_SESSION_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WebSessionOptions>().setClassMethodName('forRoot').build();

export const SESSION_COOKIE = '__Host-facet-session';
/** Ties each pending login to the browser that started it (see LoginStateStore). */
export const LOGIN_BINDING_COOKIE = '__Host-facet-login';
export const CALLBACK_PATH = '/auth/callback';
