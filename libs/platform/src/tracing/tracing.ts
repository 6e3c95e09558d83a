import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import {
  type Attributes,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  type SpanContext,
  trace,
} from '@opentelemetry/api';
import type { SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import { PlatformConfig } from '../config/platform.config';
import { parseTraceparent } from '../context/request-id';

/** The app's name as traces show it (`service.name`). */
export const TRACING_SERVICE_NAME = Symbol('TRACING_SERVICE_NAME');
/** Where spans go instead of OTLP, when an app provides it (another exporter; tests: an in-memory one). */
export const TRACE_EXPORTER = Symbol('TRACE_EXPORTER');

/** Attribute values are cut to this length: a span never holds a client's megabyte. */
const ATTRIBUTE_VALUE_LENGTH_LIMIT = 256;
/** A collector that does not answer gives up this soon, so a shutdown still ends within its grace period. */
const EXPORT_TIMEOUT_MS = 2000;

/** The W3C `traceparent` of a span, to send with a call that the span covers. */
export function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}

/** How an incoming request's span relates to the caller's trace context (OTEL_TRACE_CALLERS). */
export type CallerTrace = 'continue' | 'link';

function callerContext(traceparent: string | undefined): SpanContext | undefined {
  const parent = parseTraceparent(traceparent);
  return (
    parent && {
      traceId: parent.traceId,
      spanId: parent.parentId,
      traceFlags: Number.parseInt(parent.flags, 16) & TraceFlags.SAMPLED,
      isRemote: true,
    }
  );
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
  private readonly callers: CallerTrace;

  constructor(
    config: PlatformConfig,
    @Inject(TRACING_SERVICE_NAME) serviceName: string,
    @Optional() @Inject(TRACE_EXPORTER) exporter?: SpanExporter,
  ) {
    this.callers = config.OTEL_TRACE_CALLERS;
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
        timeoutMillis: EXPORT_TIMEOUT_MS,
      });
    /* eslint-enable @typescript-eslint/no-require-imports */
    this.provider = new sdk.TracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      spanLimits: { attributeValueLengthLimit: ATTRIBUTE_VALUE_LENGTH_LIMIT },
      spanProcessors: [
        new sdk.BatchSpanProcessor({
          exporter: chosen,
          scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY,
          exportTimeoutMillis: EXPORT_TIMEOUT_MS,
        }),
      ],
    });
    this.tracer = this.provider.getTracer('facet');
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /**
   * A span for an incoming request. With `continue` it is the child of the caller's `traceparent` (a caller inside
   * the system: the services behind a BFF); with `link` it starts a trace of its own, sampled by this app, that
   * links to the caller's (a client on the internet may neither switch tracing off nor write into a trace it names).
   */
  startServerSpan(name: string, traceparent: string | undefined, attributes: Attributes): Span | undefined {
    if (!this.tracer) return undefined;
    const caller = callerContext(traceparent);
    if (caller && this.callers === 'continue') {
      return this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, trace.setSpanContext(ROOT_CONTEXT, caller));
    }
    return this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes, links: caller ? [{ context: caller }] : [] }, ROOT_CONTEXT);
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
