import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import {
  type Attributes,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';
import type { SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import { PlatformConfig } from '../config/platform.config';

/** The app's name as traces show it (`service.name`). */
export const TRACING_SERVICE_NAME = Symbol('TRACING_SERVICE_NAME');
/** Where spans go instead of OTLP (tests: an in-memory exporter). */
export const TRACE_EXPORTER = Symbol('TRACE_EXPORTER');

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The W3C `traceparent` of a span, to send with a call that the span covers. */
export function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}

/** The caller's trace context from its `traceparent`, when it is a valid one; otherwise a new trace starts here. */
function remoteParent(traceparent: string | undefined) {
  const match = TRACEPARENT.exec(traceparent ?? '');
  if (!match) return ROOT_CONTEXT;
  const spanContext = {
    traceId: match[1],
    spanId: match[2],
    traceFlags: Number.parseInt(match[3], 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

/**
 * OpenTelemetry tracing for one app: a server span per client request (RequestTracingMiddleware) and a client span
 * per downstream call (libs/downstream), exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set. Off by
 * default: then no span is made and nothing of the SDK or the exporter is loaded.
 */
@Injectable()
export class Tracing implements OnApplicationShutdown {
  private readonly provider?: TracerProvider;
  private readonly tracer?: Tracer;

  constructor(
    config: PlatformConfig,
    @Inject(TRACING_SERVICE_NAME) serviceName: string,
    @Optional() @Inject(TRACE_EXPORTER) exporter?: SpanExporter,
  ) {
    const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
    if (!exporter && !endpoint) return;
    // Loaded only when tracing is on: the SDK and the exporter add to every start-up otherwise.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const sdk = require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
    const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
    const chosen =
      exporter ??
      new (
        require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')
      ).OTLPTraceExporter({
        url: `${endpoint}/v1/traces`,
      });
    /* eslint-enable @typescript-eslint/no-require-imports */
    this.provider = new sdk.TracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      spanProcessors: [new sdk.BatchSpanProcessor({ exporter: chosen, scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY })],
    });
    this.tracer = this.provider.getTracer('facet');
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /** A span for an incoming request, the child of the caller's `traceparent` when it sent one. */
  startServerSpan(name: string, traceparent: string | undefined, attributes: Attributes): Span | undefined {
    return this.tracer?.startSpan(name, { kind: SpanKind.SERVER, attributes }, remoteParent(traceparent));
  }

  /** A span for a call this app makes, the child of the request's span (a root span outside a request). */
  startClientSpan(name: string, parent: Span | undefined, attributes: Attributes): Span | undefined {
    return this.tracer?.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT);
  }

  /** Ends a span with the outcome: an error names what failed. */
  static end(span: Span | undefined, outcome: { statusCode?: number; error?: string }): void {
    if (!span) return;
    if (outcome.statusCode !== undefined) span.setAttribute('http.response.status_code', outcome.statusCode);
    if (outcome.error) {
      span.setAttribute('error.type', outcome.error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error });
    }
    span.end();
  }

  /** Sends what is still batched (shutdown; tests). */
  async flush(): Promise<void> {
    await this.provider?.forceFlush();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}
