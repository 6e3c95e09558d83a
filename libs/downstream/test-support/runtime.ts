import { AsyncLocalStorage } from 'node:async_hooks';
import { MetricsService, ReadinessRegistry, RequestContext } from '@facet/platform';
import { CLS_ID, ClsService } from 'nestjs-cls';
import { type DownstreamModuleOptions, resolveOptions } from '../src/downstream.options';
import { DownstreamRuntime } from '../src/downstream.runtime';

export function requestContext(): { context: RequestContext; cls: ClsService } {
  const cls = new ClsService(new AsyncLocalStorage());
  return { context: new RequestContext(cls), cls };
}

/** Runs `fn` as if inside one incoming request, with its request id, trace context and user (or subject) token. */
export function inRequest<T>(
  cls: ClsService,
  fn: () => T,
  {
    requestId = 'req-1',
    traceparent,
    userToken,
    subjectToken,
  }: { requestId?: string; traceparent?: string; userToken?: string; subjectToken?: string } = {},
): T {
  const context = new RequestContext(cls);
  return cls.run(() => {
    cls.set(CLS_ID, requestId);
    if (traceparent) context.setTraceparent(traceparent);
    if (userToken) context.setUserAccessToken(userToken);
    if (subjectToken) context.setSubjectToken(subjectToken);
    return fn();
  });
}

/**
 * Every service at one base URL, no retry delay worth waiting for. The attempt timeout is generous: on a loaded
 * CI machine a first call can take over half a second, and a timed-out attempt would be retried, so a test
 * counting the requests a call makes would see two. Tests of timeouts set their own.
 */
export function testOptions(baseUrl: string, overrides: Partial<DownstreamModuleOptions> = {}): DownstreamModuleOptions {
  return {
    services: { orders: { baseUrl }, products: { baseUrl }, users: { baseUrl } },
    resilience: {
      timeoutMs: 5000,
      totalTimeoutMs: 10_000,
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
      circuitBreaker: { consecutiveFailures: 5, halfOpenAfterMs: 200 },
    },
    ...overrides,
  };
}

export interface TestRuntime {
  runtime: DownstreamRuntime;
  metrics: MetricsService;
  readiness: ReadinessRegistry;
  context: RequestContext;
  cls: ClsService;
}

export function testRuntime(options: DownstreamModuleOptions): TestRuntime {
  const { context, cls } = requestContext();
  const metrics = new MetricsService();
  const readiness = new ReadinessRegistry();
  const runtime = new DownstreamRuntime(resolveOptions(options), context, metrics, readiness);
  return { runtime, metrics, readiness, context, cls };
}

/** The current value of one labelled metric series (e.g. `x_total`, or a histogram's `x_sum`), or 0. */
export async function metricValue(metrics: MetricsService, series: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric(series.replace(/_(sum|count)$/, ''));
  if (!metric) return 0;
  const { values } = await metric.get();
  const match = values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? series) === series &&
      Object.entries(labels).every(([key, label]) => v.labels[key] === label),
  );
  return match?.value ?? 0;
}
