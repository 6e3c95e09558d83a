import { RedisThrottlerStorage } from '@facet/platform';
import { ThrottlerModule, type ThrottlerModuleOptions, seconds } from '@nestjs/throttler';
import { WebBffConfig } from '../web-bff.config';

/**
 * Per client IP (Express's `req.ip`, so behind a load balancer set TRUST_PROXY), `/auth/login` and
 * `/auth/callback` are each accepted LOGIN_RATE_LIMIT times per window: every login start stores a pending login,
 * so an unlimited client could grow the store at will. Counted in Redis when there is one (shared by replicas),
 * otherwise in process. The guard is applied on those two routes only (ThrottlerGuard in AuthController).
 */
export const LoginThrottling = ThrottlerModule.forRootAsync({
  inject: [WebBffConfig],
  useFactory: (config: WebBffConfig): ThrottlerModuleOptions => ({
    // Unnamed (`default`), so the guard's headers are the standard Retry-After and X-RateLimit-*.
    throttlers: [{ limit: config.LOGIN_RATE_LIMIT, ttl: seconds(config.LOGIN_RATE_LIMIT_WINDOW_SECONDS) }],
    storage: config.REDIS_URL ? new RedisThrottlerStorage(config.REDIS_URL, `${config.REDIS_KEY_PREFIX}throttle:`) : undefined,
    errorMessage: (_context, { timeToBlockExpire }) => `Too many login requests from this address; retry in ${timeToBlockExpire} s`,
  }),
});
