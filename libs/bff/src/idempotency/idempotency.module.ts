import { type KeyValueStore, MemoryKeyValueStore, RedisKeyValueStore } from '@facet/auth';
import { ReadinessRegistry } from '@facet/platform';
import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConfigurableIdempotencyModule, DEFAULT_IDEMPOTENCY, IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency.options';
import { IDEMPOTENCY_STORE, IdempotentRequests } from './idempotent-requests';

function createStore(options: IdempotencyOptions): KeyValueStore {
  if (options.store === 'memory') return new MemoryKeyValueStore(options.maxEntries ?? DEFAULT_IDEMPOTENCY.maxEntries);
  if (!options.redisUrl) throw new Error('the redis idempotency store needs a redisUrl');
  return new RedisKeyValueStore(options.redisUrl, options.keyPrefix ?? 'facet:idempotency:');
}

/**
 * Idempotent writes (`IdempotentRequests`) for a BFF's routes that take an Idempotency-Key: records in process, or in
 * Redis so every replica replays what another one answered. Registers the `idempotency-store` readiness check.
 */
@Module({
  providers: [{ provide: IDEMPOTENCY_STORE, inject: [IDEMPOTENCY_OPTIONS], useFactory: createStore }, IdempotentRequests],
  exports: [IdempotentRequests],
})
export class IdempotencyModule extends ConfigurableIdempotencyModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: KeyValueStore,
    private readonly readiness: ReadinessRegistry,
  ) {
    super();
  }

  onModuleInit(): void {
    this.readiness.register('idempotency-store', () => this.store.ping());
  }

  onModuleDestroy(): Promise<void> {
    return this.store.close();
  }
}
