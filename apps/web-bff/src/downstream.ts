import { DownstreamModule } from '@facet/downstream';
import { WebBffConfig } from './web-bff.config';

/**
 * web-bff's backend clients. Every call relays the logged-in user's access token: web-bff makes no call on its own
 * behalf, so it holds no service identity (no client-credentials token to leak or over-scope).
 */
export const Downstream = DownstreamModule.forRootAsync({
  inject: [WebBffConfig],
  useFactory: (config: WebBffConfig) => ({
    services: {
      orders: { baseUrl: config.ORDER_SERVICE_URL },
      products: { baseUrl: config.PRODUCT_SERVICE_URL },
      users: { baseUrl: config.USER_SERVICE_URL },
    },
    defaultIdentity: 'user',
    productCache:
      config.PRODUCT_CACHE_TTL_MS > 0
        ? {
            store: config.PRODUCT_CACHE_STORE,
            redisUrl: config.REDIS_URL,
            keyPrefix: `${config.REDIS_KEY_PREFIX}products:`,
            ttlMs: config.PRODUCT_CACHE_TTL_MS,
            staleWhileRevalidateMs: config.PRODUCT_CACHE_TTL_MS,
            staleIfErrorMs: config.PRODUCT_CACHE_STALE_IF_ERROR_MS,
            maxEntries: 5000,
          }
        : undefined,
    readiness: true,
  }),
});
