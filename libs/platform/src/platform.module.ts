import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { Request, Response } from 'express';
import { ClsMiddleware, ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { PlatformConfig } from './config/platform.config';
import { type ConfigClass, configValidator } from './config/validate-config';
import { RequestContext } from './context/request-context.service';
import { resolveRequestId } from './context/request-id';
import { ERROR_FORMAT, type ErrorFormat, FacetExceptionFilter } from './errors/error.filter';
import { createValidationPipe } from './errors/validation';
import { ShutdownSignal } from './lifecycle/shutdown-signal';
import { HealthController } from './health/health.controller';
import { ReadinessRegistry } from './health/readiness.registry';
import { ReadinessService } from './health/readiness.service';
import { ManagementRoutes } from './management/management-routes';
import { ManagementServer } from './management/management.server';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';
import { RequestTracingMiddleware } from './tracing/request-tracing.middleware';
import { TRACING_SERVICE_NAME, Tracing } from './tracing/tracing';

export interface PlatformModuleOptions<C extends PlatformConfig> {
  /** Shown in every log line and in the start-up summary. */
  appName: string;
  /** The app's config class (extends PlatformConfig); validated from the environment at start-up. */
  config: ConfigClass<C>;
  /** How errors are rendered (default `json`: Facet's error shape; `problem`: RFC 9457 problem details). */
  errorFormat?: ErrorFormat;
  /** Environment to validate instead of `process.env` (tests). */
  env?: Record<string, string | undefined>;
}

const QUIET_PATHS = /^\/health(\/|$)/;

/** The app's configuration check, registered by forRoot so bootstrap() can run it before Nest starts. */
let configurationCheck: (() => PlatformConfig) | undefined;

/** Validates the app's configuration now; throws ConfigurationError naming every bad setting. */
export function checkConfiguration(): void {
  configurationCheck?.();
}

/**
 * What every Facet app boots with: typed and validated config, JSON logs with request ids, request context,
 * the one error shape, input validation, health and metrics (the detail and metrics on the management port,
 * which bootstrap() opens). Imported once, by the app's root module.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  static forRoot<C extends PlatformConfig>(options: PlatformModuleOptions<C>): DynamicModule {
    const env = options.env ?? process.env;
    // Validated once, by bootstrap() before Nest starts (a bad setting is one line) or by the first injection.
    let validated: C | undefined;
    const config = (): C => (validated ??= configValidator(options.config)(env));
    configurationCheck = config;
    return {
      module: PlatformModule,
      imports: [
        ClsModule.forRoot({
          global: true,
          middleware: {
            // Mounted by configure() below, ahead of the platform's own middleware, which runs in the context.
            mount: false,
            // Facet registers no CLS proxy providers or plugins; resolving them anyway costs every request a
            // module lookup (nestjs-cls requires its proxy manager lazily) and extra awaits.
            resolveProxyProviders: false,
            initializePlugins: false,
            generateId: true,
            idGenerator: (req: Request) => resolveRequestId(req),
            setup: (cls, _req: Request, res: Response) => {
              res.setHeader('X-Request-Id', cls.getId());
            },
          },
        }),
        LoggerModule.forRootAsync({
          providers: [{ provide: options.config, useFactory: config }],
          inject: [options.config],
          useFactory: (settings: C) => ({
            pinoHttp: {
              name: options.appName,
              level: settings.LOG_LEVEL,
              genReqId: (req) => resolveRequestId(req),
              autoLogging: { ignore: (req) => QUIET_PATHS.test(req.url ?? '') },
              // One short line per request. Headers (cookies, tokens) and query strings (authorization codes) stay out.
              serializers: {
                req: (req: { id: string; method: string; url: string }) => ({
                  id: req.id,
                  method: req.method,
                  path: req.url.split('?')[0],
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              transport:
                settings.LOG_FORMAT === 'pretty' ? { target: 'pino-pretty', options: { singleLine: true, colorize: false } } : undefined,
            },
          }),
        }),
        TerminusModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: options.config, useFactory: config },
        { provide: PlatformConfig, useExisting: options.config },
        RequestContext,
        ReadinessRegistry,
        ReadinessService,
        ShutdownSignal,
        MetricsService,
        { provide: TRACING_SERVICE_NAME, useValue: options.appName },
        Tracing,
        ManagementServer,
        ManagementRoutes,
        { provide: ERROR_FORMAT, useValue: options.errorFormat ?? 'json' },
        { provide: APP_FILTER, useClass: FacetExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [
        options.config,
        PlatformConfig,
        RequestContext,
        ReadinessRegistry,
        ShutdownSignal,
        MetricsService,
        Tracing,
        ManagementRoutes,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ClsMiddleware, HttpMetricsMiddleware, RequestTracingMiddleware).forRoutes('{*splat}');
  }
}
