import type { MetricsService, ReadinessRegistry, RequestContext, Tracing } from '@facet/platform';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { RequestScope } from './batching/request-scope';
import { MemoryProductStore } from './cache/memory-product-store';
import { ProductCache } from './cache/product-cache';
import { RedisProductStore } from './cache/redis-product-store';
import { DOWNSTREAM_SERVICES, type DownstreamServiceName, type ResolvedDownstreamOptions } from './downstream.options';
import { Credentials, RelayedUserToken, type UserTokenSource } from './identity/credentials';
import { MemoryExchangedTokenStore, SealedExchangedTokenStore } from './identity/exchanged-token-store';
import { ServiceTokenSource } from './identity/service-token';
import { TokenExchangeCredentialSource } from './identity/token-exchange';
import { DownstreamMetrics } from './transport/downstream-metrics';
import { ServiceClient } from './transport/service-client';

/**
 * Everything the typed clients share within one app, built once from the resolved options: one
 * `ServiceClient` per backend service, the credentials, the per-request scope, the product cache and the
 * metrics. Registers readiness checks at start and closes sockets and the cache store at shutdown.
 */
export class DownstreamRuntime implements OnModuleInit, OnModuleDestroy {
  readonly services: Record<DownstreamServiceName, ServiceClient>;
  readonly scope: RequestScope;
  readonly metrics: DownstreamMetrics;
  readonly productCache?: ProductCache;
  private readonly tokens?: ServiceTokenSource;
  private readonly userTokens: UserTokenSource;

  constructor(
    readonly options: ResolvedDownstreamOptions,
    context: RequestContext,
    metrics: MetricsService,
    private readonly readiness: ReadinessRegistry,
    tracing?: Tracing,
  ) {
    this.metrics = new DownstreamMetrics(metrics);
    this.scope = new RequestScope(context);
    this.tokens = options.serviceIdentity && new ServiceTokenSource(options.serviceIdentity);
    this.userTokens = userTokenSource(options.userIdentity, context);
    const credentials = new Credentials(context, options.defaultIdentity, this.tokens, this.userTokens);
    const deps = { credentials, context, metrics: this.metrics, tracing, coalesceGets: options.coalesceGets, transport: options.transport };
    this.services = Object.fromEntries(
      DOWNSTREAM_SERVICES.map((name) => [name, new ServiceClient(name, options.services[name], deps)]),
    ) as Record<DownstreamServiceName, ServiceClient>;
    const cache = options.productCache;
    if (cache) {
      const store =
        cache.store === 'redis' ? new RedisProductStore(cache.redisUrl!, cache.keyPrefix) : new MemoryProductStore(cache.maxEntries);
      this.productCache = new ProductCache(store, cache, this.metrics);
    }
  }

  async onModuleInit(): Promise<void> {
    for (const name of this.options.readiness) {
      this.readiness.register(`downstream:${name}`, () => this.services[name].checkReady());
    }
    await this.productCache?.open();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([
      ...Object.values(this.services).map((service) => service.close()),
      this.tokens?.close(),
      this.userTokens.close?.(),
      this.productCache?.close(),
    ]);
  }
}

function userTokenSource(identity: ResolvedDownstreamOptions['userIdentity'], context: RequestContext): UserTokenSource {
  if (identity.kind === 'relay') return new RelayedUserToken(context);
  const { shared, maxEntries } = identity.cache;
  const store = shared ? new SealedExchangedTokenStore(shared.store, shared.cipher) : new MemoryExchangedTokenStore(maxEntries);
  return new TokenExchangeCredentialSource(identity, context, store);
}
