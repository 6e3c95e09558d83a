import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { ReadinessRegistry } from '@facet/platform';
import { BEARER_AUTH_OPTIONS, type BearerAuthOptions } from '../bearer/bearer-auth.options';
import { BearerTokenVerifier } from '../bearer/bearer-token.verifier';
import type { KeyValueStore } from '../session/key-value.store';
import { MemoryKeyValueStore } from '../session/memory.store';
import { RedisKeyValueStore } from '../session/redis.store';
import { ApiKeyRegistry } from './api-key.registry';
import { PartnerAuthGuard } from './partner-auth.guard';
import { ConfigurablePartnerAuthModule, PARTNER_AUTH_OPTIONS, type PartnerAuthOptions } from './partner-auth.options';

const API_KEY_STORE = Symbol('API_KEY_STORE');

/** A single replica's keys: as many as any partner programme needs. */
const MEMORY_KEY_CAPACITY = 100_000;

function keyStoreFor(options: PartnerAuthOptions, readiness: ReadinessRegistry): KeyValueStore {
  if (options.keyStore === 'memory') return new MemoryKeyValueStore(MEMORY_KEY_CAPACITY);
  if (!options.redisUrl) throw new Error('PartnerAuthModule: the redis key store needs redisUrl');
  const store = new RedisKeyValueStore(options.redisUrl, options.keyPrefix);
  readiness.register('api-key-store', () => store.ping());
  return store;
}

/**
 * Partner authentication: API keys (ApiKeyRegistry, in memory or Redis) and client-credentials tokens for the
 * partner API's audience (verified like any bearer token). Configure with `forRoot`/`forRootAsync`, then make
 * `PartnerAuthGuard` global.
 */
@Module({
  providers: [
    {
      provide: BEARER_AUTH_OPTIONS,
      inject: [PARTNER_AUTH_OPTIONS],
      useFactory: (options: PartnerAuthOptions): BearerAuthOptions => ({
        issuer: options.issuer,
        audience: options.audience,
        publicPaths: options.publicPaths,
      }),
    },
    { provide: API_KEY_STORE, inject: [PARTNER_AUTH_OPTIONS, ReadinessRegistry], useFactory: keyStoreFor },
    { provide: ApiKeyRegistry, inject: [API_KEY_STORE], useFactory: (store: KeyValueStore) => new ApiKeyRegistry(store) },
    BearerTokenVerifier,
    PartnerAuthGuard,
  ],
  exports: [ApiKeyRegistry, PartnerAuthGuard],
})
export class PartnerAuthModule extends ConfigurablePartnerAuthModule implements OnModuleDestroy {
  constructor(@Inject(API_KEY_STORE) private readonly store: KeyValueStore) {
    super();
  }

  onModuleDestroy(): Promise<void> {
    return this.store.close();
  }
}
