import type { MetricsService } from '@facet/platform';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { DownstreamErrorKind } from '../errors/downstream-error';

const BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 20, 50, 100];

export type CacheEvent = 'hit' | 'miss' | 'stale-revalidate' | 'stale-if-error' | 'store-error';

/** The library's Prometheus metrics, labelled by service and route template (never by concrete path). */
export class DownstreamMetrics {
  private readonly calls: Counter<'service' | 'route' | 'outcome'>;
  private readonly latency: Histogram<'service' | 'route'>;
  private readonly errors: Counter<'service' | 'route' | 'kind'>;
  private readonly circuit: Gauge<'service'>;
  private readonly coalesced: Counter<'service' | 'route'>;
  private readonly cache: Counter<'service' | 'event'>;
  private readonly batchSizes: Histogram<'service' | 'route'>;

  constructor(metrics: MetricsService) {
    this.calls = metrics.counter('facet_downstream_calls_total', 'Downstream calls by outcome (after retries)', [
      'service',
      'route',
      'outcome',
    ]);
    this.latency = metrics.histogram('facet_downstream_call_duration_seconds', 'Downstream call latency including retries', [
      'service',
      'route',
    ]);
    this.errors = metrics.counter('facet_downstream_errors_total', 'Failed downstream calls by kind', ['service', 'route', 'kind']);
    this.circuit = metrics.gauge('facet_downstream_circuit_state', 'Circuit state: 0 closed, 1 open, 2 half-open, 3 isolated', ['service']);
    this.coalesced = metrics.counter('facet_downstream_coalesced_total', 'Calls that joined an identical call in flight', [
      'service',
      'route',
    ]);
    this.cache = metrics.counter('facet_downstream_cache_total', 'Product cache lookups by result', ['service', 'event']);
    this.batchSizes = metrics.histogram(
      'facet_downstream_batch_size',
      'Ids per downstream batch lookup',
      ['service', 'route'],
      BATCH_SIZE_BUCKETS,
    );
  }

  call(service: string, route: string, durationMs: number, errorKind?: DownstreamErrorKind): void {
    this.calls.inc({ service, route, outcome: errorKind ? 'error' : 'success' });
    this.latency.observe({ service, route }, durationMs / 1000);
    if (errorKind) this.errors.inc({ service, route, kind: errorKind });
  }

  joined(service: string, route: string): void {
    this.coalesced.inc({ service, route });
  }

  circuitState(service: string, state: number): void {
    this.circuit.set({ service }, state);
  }

  cacheEvent(service: string, event: CacheEvent, count = 1): void {
    if (count > 0) this.cache.inc({ service, event }, count);
  }

  batch(service: string, route: string, size: number): void {
    this.batchSizes.observe({ service, route }, size);
  }
}
