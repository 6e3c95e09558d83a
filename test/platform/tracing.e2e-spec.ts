import { randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { type RunningStack, loginToWebBff, startStack, webApi } from '@facet/testing';

/** One span as OTLP/HTTP JSON carries it, with its resource's service name. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP's SpanKind: 2 server, 3 client. */
  kind: number;
  attributes: Record<string, string | number>;
  links?: { traceId: string; spanId: string }[];
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number };
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: { spans: (Omit<ReceivedSpan, 'service' | 'attributes'> & { attributes?: OtlpAttribute[] })[] }[];
  }[];
}

const SERVER = 2;
const CLIENT = 3;

const flatten = (attributes: OtlpAttribute[] = []): Record<string, string | number> =>
  Object.fromEntries(attributes.map(({ key, value }) => [key, value.stringValue ?? Number(value.intValue)]));

/** A stand-in OpenTelemetry collector: takes OTLP/HTTP JSON exports and keeps their spans. */
async function startCollector(): Promise<{ url: string; spans: ReceivedSpan[]; problems: string[]; stop(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const problems: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !/^application\/json/.test(req.headers['content-type'] ?? '')) {
        problems.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
        res.writeHead(400).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
      for (const { resource, scopeSpans } of body.resourceSpans) {
        const service = String(flatten(resource.attributes)['service.name']);
        for (const scope of scopeSpans)
          for (const span of scope.spans) spans.push({ ...span, service, attributes: flatten(span.attributes) });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    problems,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * OpenTelemetry across the BFF and the services, exported over OTLP/HTTP to a collector the test runs: one order
 * page is one trace, from web-bff's request span (linked to the browser's traceparent, which it does not trust)
 * through its three service calls to each service's own request span.
 */
describe('tracing: one order page is one trace across web-bff and the services', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let stack: RunningStack;

  beforeAll(async () => {
    collector = await startCollector();
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff'],
      // The product cache off: the order list before the page would otherwise answer the page's products.
      env: {
        'user-service': tracing,
        'product-service': tracing,
        'order-service': tracing,
        'web-bff': { ...tracing, PRODUCT_CACHE_TTL_MS: '0' },
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await collector?.stop();
  });

  /** What `find` finds in the spans received so far, waiting for the batches to arrive (up to 10 s). */
  const eventually = async <T>(find: (spans: ReceivedSpan[]) => T | undefined): Promise<T | undefined> => {
    for (let waited = 0; waited < 10_000; waited += 100) {
      const found = find(collector.spans);
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return find(collector.spans);
  };

  it("covers the request and one call per service, each service's own span the child of web-bff's call", async () => {
    const { jar } = await loginToWebBff({ webBffUrl: stack.urls['web-bff'], email: 'ada@example.test', password: DEV_USER_PASSWORD });
    const list = (await (await webApi(jar, `${stack.urls['web-bff']}/api/orders?pageSize=1`)).json()) as { orders: { id: string }[] };
    const orderId = list.orders[0].id;

    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const page = await webApi(jar, `${stack.urls['web-bff']}/api/orders/${orderId}`, {
      headers: { traceparent: `00-${traceId}-${callerSpan}-01` },
    });
    expect(page.status).toBe(200);

    // web-bff starts a trace of its own for an internet caller, linked to the caller's.
    const request = await eventually((spans) =>
      spans.find((span) => span.service === 'web-bff' && span.links?.some((link) => link.traceId === traceId)),
    );
    expect(request).toMatchObject({
      kind: SERVER,
      name: 'GET /api/orders/:id',
      links: [expect.objectContaining({ traceId, spanId: callerSpan })],
      attributes: expect.objectContaining({ 'http.response.status_code': 200, 'http.route': '/api/orders/:id' }),
    });
    expect(request!.parentSpanId ?? '').toBe('');
    expect(request!.traceId).not.toBe(traceId);

    // The request's own span and the three services' spans.
    const inTrace = (spans: ReceivedSpan[]) => spans.filter((span) => span.traceId === request!.traceId);
    const spans =
      (await eventually((all) => (inTrace(all).filter((span) => span.kind === SERVER).length >= 4 ? inTrace(all) : undefined))) ?? [];
    expect(collector.problems).toEqual([]);
    const calls = spans.filter((span) => span.service === 'web-bff' && span.kind === CLIENT);
    expect(calls.map((call) => call.parentSpanId)).toEqual(calls.map(() => request!.spanId));
    expect(calls.map((call) => call.attributes['facet.downstream.service']).sort()).toEqual(['orders', 'products', 'users']);
    for (const call of calls) expect(call.attributes['http.response.status_code']).toBe(200);

    // Each service saw the call's own span as its parent: the traceparent web-bff sent was the call's.
    const served = spans.filter((span) => span.service !== 'web-bff' && span.kind === SERVER);
    expect(served.map((span) => span.service).sort()).toEqual(['order-service', 'product-service', 'user-service']);
    for (const span of served) expect(calls.map((call) => call.spanId)).toContain(span.parentSpanId);
  });
});
