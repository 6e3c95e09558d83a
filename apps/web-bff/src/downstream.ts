import { DownstreamModule } from '@facet/downstream';
import { WebBffConfig } from './web-bff.config';

/**
 * web-bff's backend clients: calls relay the logged-in user's access token by default; the BFF's own client
 * credentials are configured for calls made on its own behalf.
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
    serviceIdentity: {
      issuer: config.OIDC_ISSUER_URL,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      scope: 'products:read',
      resource: config.BACKEND_AUDIENCE,
    },
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
