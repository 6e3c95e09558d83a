export { bootstrap, createApp, handleShutdown, startManagementServer, type BootstrapOptions } from './bootstrap/bootstrap';
export { MANAGEMENT_PORT_OFFSET, PlatformConfig, managementAddress } from './config/platform.config';
export {
  DEV_ONLY_PREFIX,
  HttpsInProduction,
  NODE_ENVS,
  NotTrueInProduction,
  ProtectedRedisUrlInProduction,
  Secret,
  isSecretSetting,
  type NodeEnv,
} from './config/production-rules';
export { ConfigurationError, configValidator, type ConfigClass } from './config/validate-config';
export { IsHttpOrigin, IsHttpUrl, IsRedisUrl } from './config/url-settings';
export { RotatedSecrets, rotatedSecretsOf } from './config/rotated-secrets';
export { Caller, RequestContext } from './context/request-context.service';
export type { Principal } from './context/principal';
export { childTraceparent, resolveRequestId } from './context/request-id';
export {
  ERROR_FORMAT,
  FacetExceptionFilter,
  PROBLEM_TYPE_PREFIX,
  problemTypeOf,
  toErrorBody,
  toProblemDetails,
  type ErrorFormat,
  type ProblemDetails,
} from './errors/error.filter';
export { BadRequestError, ConflictError, FacetError, ForbiddenError, NotFoundError, type ErrorBody } from './errors/facet-error';
export { MatchesPipe, RequestValidationError, createValidationPipe, toFieldProblems, type FieldProblem } from './errors/validation';
export { IDEMPOTENCY_KEY_FORMAT, IdempotencyKey, RequiredIdempotencyKey, parseIdempotencyKey } from './http/idempotency-key';
export { IsPageSize } from './http/page-size';
export { IsUtcInstant } from './http/utc-instant';
export { REDIS_CLIENT_OPTIONS } from './redis/redis-client-options';
export { RedisUrlError, connectRedis, parseRedisUrl, type RedisConnection, type RedisTarget } from './redis/redis-connection';
export { ReadinessRegistry, type ReadinessCheck } from './health/readiness.registry';
export { ShutdownSignal } from './lifecycle/shutdown-signal';
export { ReadinessService, type Readiness } from './health/readiness.service';
export { NotReadyError } from './health/health.controller';
export { ManagementServer } from './management/management.server';
export {
  ManagementRoutes,
  type ManagementAnswer,
  type ManagementMethod,
  type ManagementRequest,
  type ManagementRoute,
} from './management/management-routes';
export { MetricsService, LATENCY_BUCKETS_SECONDS } from './metrics/metrics.service';
export { RateLimiterUnavailableError, RedisThrottlerStorage } from './throttling/redis-throttler.storage';
export { PlatformModule, checkConfiguration, type PlatformModuleOptions } from './platform.module';
export { TRACE_EXPORTER, TRACING_SERVICE_NAME, Tracing, traceparentOf } from './tracing/tracing';
