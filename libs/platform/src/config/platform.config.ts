import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { NODE_ENVS, type NodeEnv } from './production-rules';
import { IsHttpUrl } from './url-settings';

/** Without MANAGEMENT_PORT, an app's management port is its PORT plus this (web-bff 3000 → 13000). */
export const MANAGEMENT_PORT_OFFSET = 10_000;

/** A port other than PORT; when unset, PORT + MANAGEMENT_PORT_OFFSET must itself be a port. */
function IsManagementPort(): PropertyDecorator {
  return ValidateBy({
    name: 'isManagementPort',
    validator: {
      validate: (value: unknown, args) => {
        const port = (args?.object as { PORT: number }).PORT;
        // A malformed PORT is named by its own check.
        if (!Number.isInteger(port)) return true;
        if (value === undefined) return port === 0 || port + MANAGEMENT_PORT_OFFSET <= 65_535;
        return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65_535 && (value === 0 || value !== port);
      },
      defaultMessage: (args) =>
        args?.value === undefined
          ? `MANAGEMENT_PORT must be set: its default, PORT + ${MANAGEMENT_PORT_OFFSET}, is beyond 65535`
          : 'MANAGEMENT_PORT must be a port (0-65535) other than PORT',
    },
  });
}

/**
 * Settings every Facet app has. Each app's config class extends this one and adds its own; the platform
 * validates it at start-up and provides it under both classes, so code injects typed config.
 */
export class PlatformConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '127.0.0.1';

  /**
   * `production` refuses what only a developer's machine may have (dev-only secrets, an http issuer, Redis
   * without TLS or password). The local stack, the tests and the benchmarks run as `development` or `test`.
   */
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  /**
   * The management port: `/health/live`, `/health/ready` with each check's detail, and `/metrics`. For the
   * orchestrator and Prometheus only, never published. Defaults to PORT + MANAGEMENT_PORT_OFFSET.
   */
  @IsManagementPort()
  MANAGEMENT_PORT?: number;

  /** Where the management port listens; defaults to HOST. */
  @IsOptional()
  @IsString()
  MANAGEMENT_HOST?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** `json` for machines (default), `pretty` for a developer's terminal. */
  @IsIn(['json', 'pretty'])
  LOG_FORMAT: string = 'json';

  /** Largest accepted request body, in the `bytes` package's notation. */
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  BODY_LIMIT: string = '100kb';

  /** Deepest nesting of objects and arrays a request body may have; deeper bodies get `400 BODY_TOO_DEEP`. */
  @IsInt()
  @Min(1)
  @Max(256)
  BODY_MAX_DEPTH: number = 32;

  /** Most values (every member of every object and array) a request body may hold; more get `400 BODY_TOO_MANY_VALUES`. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  BODY_MAX_VALUES: number = 1000;

  /** How long SIGTERM waits for in-flight requests before the process exits anyway. */
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;

  /** Express `trust proxy` setting, for deployments behind a load balancer (e.g. `1` or `loopback`). */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /**
   * Where traces go (an OpenTelemetry collector's OTLP/HTTP base URL; spans are posted to `<url>/v1/traces`):
   * a span per client request and per downstream call. Unset (the default), nothing is traced.
   */
  @IsOptional()
  @IsHttpUrl()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /**
   * `link`: a request's span starts a trace of this app's own, linked to the caller's `traceparent` (for an app that
   * internet clients call: they can neither switch its tracing off nor write into a trace they name); `continue`:
   * the span joins the caller's trace (for an app only other Facet apps call, such as the services behind a BFF).
   */
  @IsIn(['continue', 'link'])
  OTEL_TRACE_CALLERS: 'continue' | 'link' = 'link';

  /** How long finished spans wait to be sent in one batch. */
  @IsInt()
  @Min(1)
  OTEL_BSP_SCHEDULE_DELAY: number = 5000;
}

/** Where an app's management server listens. */
export function managementAddress(config: PlatformConfig): { port: number; host: string } {
  return {
    port: config.MANAGEMENT_PORT ?? (config.PORT === 0 ? 0 : config.PORT + MANAGEMENT_PORT_OFFSET),
    host: config.MANAGEMENT_HOST ?? config.HOST,
  };
}
