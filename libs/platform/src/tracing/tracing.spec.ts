import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import type { PlatformConfig } from '../config/platform.config';
import { Tracing, traceparentOf } from './tracing';

const config = (settings: Partial<PlatformConfig> = {}): PlatformConfig =>
  ({ OTEL_BSP_SCHEDULE_DELAY: 5000, ...settings }) as PlatformConfig;
const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe('Tracing', () => {
  it('is off without an OTLP endpoint: no span is made', () => {
    const tracing = new Tracing(config(), 'web-bff');
    expect(tracing.enabled).toBe(false);
    expect(tracing.startServerSpan('GET', undefined, {})).toBeUndefined();
    expect(tracing.startClientSpan('GET orders', undefined, {})).toBeUndefined();
  });

  describe('on', () => {
    let exporter: InMemorySpanExporter;
    let tracing: Tracing;

    beforeEach(() => {
      exporter = new InMemorySpanExporter();
      tracing = new Tracing(config({ OTEL_TRACE_CALLERS: 'continue' }), 'web-bff', exporter);
    });
    afterEach(() => tracing.onApplicationShutdown());

    it("continues the caller's trace, and its downstream call is the request span's child carrying its own traceparent", async () => {
      const server = tracing.startServerSpan('GET', `00-${CALLER_TRACE}-${CALLER_SPAN}-01`, { 'http.request.method': 'GET' })!;
      const client = tracing.startClientSpan('GET orders GET /orders/:id', server, { 'url.template': 'GET /orders/:id' })!;
      expect(traceparentOf(client)).toBe(`00-${CALLER_TRACE}-${client.spanContext().spanId}-01`);
      expect(client.spanContext().spanId).not.toBe(server.spanContext().spanId);
      Tracing.end(client, { statusCode: 200 });
      Tracing.end(server, { statusCode: 200 });
      await tracing.flush();

      const [clientSpan, serverSpan] = exporter.getFinishedSpans();
      expect(serverSpan).toMatchObject({ kind: SpanKind.SERVER, parentSpanContext: { spanId: CALLER_SPAN, traceId: CALLER_TRACE } });
      expect(clientSpan).toMatchObject({ kind: SpanKind.CLIENT, parentSpanContext: { spanId: server.spanContext().spanId } });
      expect(clientSpan.attributes).toMatchObject({ 'url.template': 'GET /orders/:id', 'http.response.status_code': 200 });
      expect(serverSpan.resource.attributes['service.name']).toBe('web-bff');
    });

    it.each([
      'garbage',
      `00-${'0'.repeat(32)}-${CALLER_SPAN}-01`,
      `00-${CALLER_TRACE}-${'0'.repeat(16)}-01`,
      `ff-${CALLER_TRACE}-${CALLER_SPAN}-01`,
      `00-${CALLER_TRACE}-${CALLER_SPAN}-01-trailing`,
      undefined,
    ])('starts a new trace for a missing or invalid traceparent (%s)', async (traceparent) => {
      const server = tracing.startServerSpan('GET', traceparent, {})!;
      expect(server.spanContext().traceId).not.toBe(CALLER_TRACE);
      expect(server.spanContext().traceId).toMatch(/^(?!0+$)[0-9a-f]{32}$/);
      Tracing.end(server, {});
      await tracing.flush();
      expect(exporter.getFinishedSpans()[0].parentSpanContext).toBeUndefined();
    });

    it('accepts a later traceparent version by its first four fields', () => {
      const server = tracing.startServerSpan('GET', `01-${CALLER_TRACE}-${CALLER_SPAN}-01-later-fields`, {})!;
      expect(server.spanContext().traceId).toBe(CALLER_TRACE);
    });

    it('marks a failed call as an error naming what failed', async () => {
      Tracing.end(tracing.startClientSpan('GET users', undefined, {}), { statusCode: 503, error: 'http-5xx' });
      await tracing.flush();
      const [span] = exporter.getFinishedSpans();
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'http-5xx' });
      expect(span.attributes).toMatchObject({ 'error.type': 'http-5xx', 'http.response.status_code': 503 });
    });
  });

  describe('for callers it does not trust (link, the default)', () => {
    it('starts a trace of its own, sampled whatever the caller asked, linked to the caller’s', async () => {
      const exporter = new InMemorySpanExporter();
      const tracing = new Tracing(config(), 'web-bff', exporter);
      const server = tracing.startServerSpan('GET', `00-${CALLER_TRACE}-${CALLER_SPAN}-00`, {})!;
      expect(server.spanContext().traceId).not.toBe(CALLER_TRACE);
      expect(server.isRecording()).toBe(true);
      Tracing.end(server, { statusCode: 200 });
      await tracing.flush();
      const [span] = exporter.getFinishedSpans();
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.links.map((link) => link.context)).toEqual([expect.objectContaining({ traceId: CALLER_TRACE, spanId: CALLER_SPAN })]);
      await tracing.onApplicationShutdown();
    });
  });
});
