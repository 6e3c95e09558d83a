import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

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

  /** How long SIGTERM waits for in-flight requests before the process exits anyway. */
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;

  /** Express `trust proxy` setting, for deployments behind a load balancer (e.g. `1` or `loopback`). */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;
}
