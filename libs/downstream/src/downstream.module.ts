import { MetricsService, ReadinessRegistry, RequestContext, Tracing } from '@facet/platform';
import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { OrdersClient } from './clients/orders.client';
import { DownstreamPassThrough } from './clients/pass-through.client';
import { ProductsClient } from './clients/products.client';
import { UsersClient } from './clients/users.client';
import { type DownstreamModuleOptions, resolveOptions } from './downstream.options';
import { DownstreamRuntime } from './downstream.runtime';

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } = new ConfigurableModuleBuilder<DownstreamModuleOptions>({
  moduleName: 'Downstream',
})
  .setClassMethodName('forRoot')
  .build();

/**
 * Typed, resilient clients for the backend services. Each app configures it once from its own config,
 * assigns the dynamic module to a constant and imports that constant wherever clients are used:
 *
 *     export const Downstream = DownstreamModule.forRootAsync({
 *       inject: [WebBffConfig],
 *       useFactory: (config: WebBffConfig) => ({ services: { ... }, serviceIdentity: { ... } }),
 *     });
 *
 * Needs the platform's RequestContext, MetricsService, ReadinessRegistry and Tracing (PlatformModule is global).
 */
@Module({
  providers: [
    {
      provide: DownstreamRuntime,
      inject: [MODULE_OPTIONS_TOKEN, RequestContext, MetricsService, ReadinessRegistry, Tracing],
      useFactory: (
        options: DownstreamModuleOptions,
        context: RequestContext,
        metrics: MetricsService,
        readiness: ReadinessRegistry,
        tracing: Tracing,
      ) => new DownstreamRuntime(resolveOptions(options), context, metrics, readiness, tracing),
    },
    ProductsClient,
    UsersClient,
    OrdersClient,
    DownstreamPassThrough,
  ],
  exports: [ProductsClient, UsersClient, OrdersClient, DownstreamPassThrough],
})
export class DownstreamModule extends ConfigurableModuleClass {}
