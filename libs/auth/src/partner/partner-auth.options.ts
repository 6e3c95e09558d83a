import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface PartnerAuthOptions {
  /** The issuer of client-credentials tokens: tokens must carry exactly this `iss`. */
  issuer: string;
  /** The partner API's audience (e.g. `urn:facet:partner-api`): a token for any other audience is refused. */
  audience: string;
  /** Which partner each OAuth client is: `{ 'partner-acme': 'acme' }`. A token of an unlisted client is refused. */
  partnerClients: Readonly<Record<string, string>>;
  /** Where API keys live: `memory` (one replica) or `redis` (shared by every replica, so revocation reaches them all). */
  keyStore: 'memory' | 'redis';
  redisUrl?: string;
  /** Namespace of the keys in a shared Redis. */
  keyPrefix: string;
  /** Route templates served without a credential besides `@Public()` ones (default: the platform's `/health/*`). */
  publicPaths?: RegExp;
}

export const { ConfigurableModuleClass: ConfigurablePartnerAuthModule, MODULE_OPTIONS_TOKEN: PARTNER_AUTH_OPTIONS } =
  new ConfigurableModuleBuilder<PartnerAuthOptions>().setClassMethodName('forRoot').build();
