import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { type ConfigClass, configValidator } from '@facet/platform';
import { SandboxConfig } from './config/sandbox.config';
import { FaultsAdminController, StatsAdminController } from './faults/admin.controller';
import { BusinessRoutes } from './faults/business-routes';
import { FaultInjectionMiddleware } from './faults/fault-injection.middleware';
import { FaultInjector } from './faults/fault-injector';
import { RequestStats } from './faults/request-stats';

export interface SandboxModuleOptions<C extends SandboxConfig> {
  /** The app's config class (extends SandboxConfig), the same one given to PlatformModule.forRoot. */
  config: ConfigClass<C>;
  /** Environment to read instead of `process.env` (tests), as for PlatformModule.forRoot. */
  env?: Record<string, string | undefined>;
}

/**
 * Whether the admin routes exist must be known when the module is defined, before Nest validates config.
 * A setting that does not validate leaves them out: PlatformModule then stops the app naming the setting.
 */
function adminEnabled<C extends SandboxConfig>(options: SandboxModuleOptions<C>): boolean {
  try {
    return configValidator(options.config)(options.env ?? process.env).SANDBOX;
  } catch {
    return false;
  }
}

/**
 * Sandbox mode for the reference world: faults (latency, jitter, errors, hangs) on every business route,
 * request counts per route template, and, when `SANDBOX` is true, the unauthenticated `/__admin/faults`
 * and `/__admin/stats` routes. Imported once, after PlatformModule (ReferenceServiceModule does both).
 */
@Module({})
export class SandboxModule implements NestModule {
  constructor(private readonly businessRoutes: BusinessRoutes) {}

  static forRoot<C extends SandboxConfig>(options: SandboxModuleOptions<C>): DynamicModule {
    // PlatformModule provides the app's config class; when that is SandboxConfig itself, no alias is needed.
    const config = options.config === SandboxConfig ? [] : [{ provide: SandboxConfig, useExisting: options.config }];
    return {
      module: SandboxModule,
      imports: [DiscoveryModule],
      controllers: adminEnabled(options) ? [FaultsAdminController, StatsAdminController] : [],
      providers: [...config, FaultInjector, RequestStats, BusinessRoutes],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    const controllers = this.businessRoutes.controllers();
    if (controllers.length > 0) consumer.apply(FaultInjectionMiddleware).forRoutes(...controllers);
  }
}
