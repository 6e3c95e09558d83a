import { PlatformConfig, PlatformModule, RequestContext } from '@facet/platform';
import {
  DownstreamModule,
  DownstreamPassThrough,
  OrdersClient,
  ProductsClient,
  UsersClient,
  type DownstreamModuleOptions,
} from '@facet/downstream';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DEV_ONLY_APP_ENV, type RunningStack } from '@facet/testing';

/** The platform needs an app config class of its own (it aliases PlatformConfig to it). */
class HarnessConfig extends PlatformConfig {}

export const BACKEND_SCOPES = 'orders:read orders:write products:read users:read';

export const WEB_BFF_CLIENT = { clientId: 'facet-web-bff', clientSecret: DEV_ONLY_APP_ENV['web-bff']!.OIDC_CLIENT_SECRET };

/** The library as an app wires it: the platform plus DownstreamModule.forRootAsync, options from a factory. */
export interface Downstream {
  products: ProductsClient;
  users: UsersClient;
  orders: OrdersClient;
  passThrough: DownstreamPassThrough;
  /** Runs `fn` as one incoming request (its own request context), optionally as a signed-in user. */
  inRequest<T>(fn: () => Promise<T>, userToken?: string): Promise<T>;
  /** Runs `fn` as one request of a bearer app: the caller's token is the subject token, never relayed as it is. */
  inBearerRequest<T>(fn: () => Promise<T>, subjectToken: string): Promise<T>;
  close(): Promise<void>;
}

function stackServices(stack: RunningStack): DownstreamModuleOptions['services'] {
  return {
    orders: { baseUrl: stack.urls['order-service'] },
    products: { baseUrl: stack.urls['product-service'] },
    users: { baseUrl: stack.urls['user-service'] },
  };
}

/** Options for the reference world: its services, and the web BFF's client as the service identity. */
export function stackOptions(stack: RunningStack, overrides: Partial<DownstreamModuleOptions> = {}): DownstreamModuleOptions {
  return {
    services: stackServices(stack),
    serviceIdentity: { issuer: stack.urls['dev-idp'], ...WEB_BFF_CLIENT, scope: BACKEND_SCOPES },
    defaultIdentity: 'service',
    ...overrides,
  };
}

export async function createDownstream(options: DownstreamModuleOptions): Promise<Downstream> {
  @Module({
    imports: [
      PlatformModule.forRoot({ appName: 'downstream-e2e', config: HarnessConfig, env: { LOG_LEVEL: 'silent' } }),
      DownstreamModule.forRootAsync({ useFactory: () => options }),
    ],
  })
  class HarnessModule {}
  const moduleRef = await Test.createTestingModule({ imports: [HarnessModule] }).compile();
  const app = await moduleRef.init();
  const context = app.get(RequestContext);
  return {
    products: app.get(ProductsClient),
    users: app.get(UsersClient),
    orders: app.get(OrdersClient),
    passThrough: app.get(DownstreamPassThrough),
    inRequest: (fn, userToken) =>
      context.run(() => {
        if (userToken) context.setUserAccessToken(userToken);
        return fn();
      }),
    inBearerRequest: (fn, subjectToken) =>
      context.run(() => {
        context.setSubjectToken(subjectToken);
        return fn();
      }),
    close: () => app.close(),
  };
}

type ServiceApp = 'order-service' | 'product-service' | 'user-service';

/** The sandbox's admin API on one reference service: fault injection and request counting. */
export function sandbox(stack: RunningStack, app: ServiceApp) {
  const base = stack.urls[app];
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} on ${app} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  return {
    faults: (faults: { latencyMs?: number; jitterMs?: number; errorRate?: number; hang?: boolean }) =>
      call('PUT', '/__admin/faults', faults),
    clearFaults: () => call('DELETE', '/__admin/faults'),
    /** The faults in effect now. */
    currentFaults: () => call('GET', '/__admin/faults'),
    resetStats: () => call('DELETE', '/__admin/stats'),
    /** Requests counted for `METHOD /route` since the last reset. */
    count: async (route: string) => ((await call('GET', '/__admin/stats')) as { requests: Record<string, number> }).requests[route] ?? 0,
  };
}
