import { createServer } from 'node:net';
import { BadRequestError, FacetError } from '@facet/platform';
import { CircuitState } from 'cockatiel';
import { FakeService, json } from '../../test-support/fake-service';
import { inRequest, metricValue, testOptions, testRuntime, type TestRuntime } from '../../test-support/runtime';
import { anyBody, payloadDecoder } from '../contract/decode';
import { OrderStatsPayload } from '../contract/order.payload';
import type { DownstreamModuleOptions } from '../downstream.options';
import { DownstreamError } from '../errors/downstream-error';
import { DOWNSTREAM_TRANSPORTS } from './http-transport';
import type { DownstreamRequest } from './service-client';

const TOKEN = 'user-token-1';
const get = (path = '/things', extra: Partial<DownstreamRequest> = {}): DownstreamRequest => ({
  method: 'GET',
  route: `GET ${path}`,
  path,
  identity: { accessToken: TOKEN },
  ...extra,
});
const post = (path = '/things', extra: Partial<DownstreamRequest> = {}): DownstreamRequest =>
  get(path, { method: 'POST', route: `POST ${path}`, body: { a: 1 }, ...extra });

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Every behaviour holds on either transport: the one setting changes the HTTP client, nothing a caller sees.
describe.each(DOWNSTREAM_TRANSPORTS)('ServiceClient over %s', (transport) => {
  let fake: FakeService;
  let env: TestRuntime;
  const start = (overrides: Partial<DownstreamModuleOptions> = {}) =>
    (env = testRuntime(testOptions(fake.url, { transport, ...overrides })));
  const products = () => env.runtime.services.products;

  beforeAll(async () => (fake = await FakeService.start()));
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.reply((_req, res) => json(res, 200, { ok: true }));
    start();
  });
  afterEach(() => env.runtime.onModuleDestroy());

  describe('on the wire', () => {
    it('relays the user token, request id and traceparent from the request context', async () => {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const response = await inRequest(
        env.cls,
        () => products().send(get('/things', { identity: 'user', query: { a: 'x y', n: 2, skip: undefined, many: ['1', '2'] } }), anyBody),
        {
          requestId: 'req-42',
          traceparent,
          userToken: 'the-users-token',
        },
      );
      expect(response).toMatchObject({ status: 200, body: { ok: true } });
      const [request] = fake.requests;
      expect(request.headers).toMatchObject({
        authorization: 'Bearer the-users-token',
        'x-request-id': 'req-42',
        traceparent,
        accept: 'application/json',
      });
      expect(request.path).toBe('/things');
      expect(request.query.get('a')).toBe('x y');
      expect(request.query.get('n')).toBe('2');
      expect(request.query.has('skip')).toBe(false);
      expect(request.query.getAll('many')).toEqual(['1', '2']);
    });

    it('sends an explicitly passed token, and no trace headers outside a request', async () => {
      await products().send(get(), anyBody);
      expect(fake.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(fake.requests[0].headers).not.toHaveProperty('x-request-id');
      expect(fake.requests[0].headers).not.toHaveProperty('traceparent');
    });

    it('sends a JSON body and extra headers on writes, and exposes response headers', async () => {
      fake.reply((_req, res) => json(res, 201, { id: 'x' }, { 'idempotent-replayed': 'true' }));
      const response = await products().send(post('/things', { headers: { 'idempotency-key': 'k-1' } }), anyBody);
      expect(JSON.parse(fake.requests[0].body)).toEqual({ a: 1 });
      expect(fake.requests[0].headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': 'k-1' });
      expect(response.header('Idempotent-Replayed')).toBe('true');
      expect(response.header('x-missing')).toBeUndefined();
    });

    it('refuses a user call with no user token, without touching the network', async () => {
      const error = await inRequest(env.cls, () => products().send(get('/things', { identity: 'user' }), anyBody)).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'unauthenticated', status: 401, service: 'products' });
      expect(fake.requests).toHaveLength(0);
    });

    it('refuses a service call when no service identity is configured', async () => {
      await expect(products().send(get('/things', { identity: 'service' }), anyBody)).rejects.toMatchObject({
        code: 'DOWNSTREAM_MISCONFIGURED',
      });
      await expect(products().send(get('/things', { identity: 'service' }), anyBody)).rejects.toBeInstanceOf(FacetError);
    });

    it('refuses a path that could leave the service before any call', async () => {
      await expect(products().send(get('/../admin'), anyBody)).rejects.toBeInstanceOf(BadRequestError);
      expect(fake.requests).toHaveLength(0);
    });

    it('reuses keep-alive connections: never more sockets than allowed', async () => {
      start({ services: { ...testOptions(fake.url).services, products: { baseUrl: fake.url, maxSockets: 4 } }, coalesceGets: false });
      let next = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (next < 200) await products().send(get(`/things/${next++}`), anyBody);
        }),
      );
      expect(fake.requests).toHaveLength(200);
      expect(fake.connections).toBeGreaterThan(0);
      expect(fake.connections).toBeLessThanOrEqual(4);
    });
  });

  describe('answers', () => {
    it('passes a 404 on as NOT_FOUND with the upstream message', async () => {
      fake.reply((_req, res) => json(res, 404, { error: { status: 404, code: 'NOT_FOUND', message: 'Order o_9 was not found' } }));
      await expect(products().send(get(), anyBody)).rejects.toMatchObject({
        kind: 'not-found',
        status: 404,
        code: 'NOT_FOUND',
        message: 'Order o_9 was not found',
      });
    });

    it('keeps a 400’s field problems', async () => {
      const details = { fields: [{ field: 'items.0.quantity', problems: ['quantity must not be greater than 99'] }] };
      fake.reply((_req, res) => json(res, 400, { error: { status: 400, code: 'VALIDATION_FAILED', message: 'Invalid request', details } }));
      await expect(products().send(post(), anyBody)).rejects.toMatchObject({
        kind: 'http-4xx',
        status: 400,
        code: 'VALIDATION_FAILED',
        details,
      });
    });

    it.each([
      [409, 'ORDER_NOT_CANCELLABLE'],
      [422, 'IDEMPOTENCY_KEY_REUSED'],
    ])('keeps a %i’s code', async (status, code) => {
      fake.reply((_req, res) => json(res, status, { error: { status, code, message: 'no' } }));
      await expect(products().send(post(), anyBody)).rejects.toMatchObject({ status, code });
    });

    it('copes with an error body that is not the standard shape', async () => {
      fake.reply((_req, res) => res.writeHead(403).end('<html>forbidden</html>'));
      await expect(products().send(get(), anyBody)).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    });

    it('does not follow redirects', async () => {
      fake.reply((_req, res) => res.writeHead(302, { location: 'http://evil.test/' }).end());
      await expect(products().send(get(), anyBody)).rejects.toMatchObject({ kind: 'invalid-response', status: 502 });
      expect(fake.requests).toHaveLength(1);
    });

    it('turns a body that breaks the contract into invalid-response naming service, route and field', async () => {
      fake.reply((_req, res) => json(res, 200, { userId: 'u_1', counts: { pending: 'many' }, total: 1 }));
      const error = await products()
        .send(get('/orders/stats', { route: 'GET /orders/stats' }), payloadDecoder(OrderStatsPayload))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownstreamError);
      expect(error).toMatchObject({ kind: 'invalid-response', status: 502, code: 'DOWNSTREAM_INVALID_RESPONSE' });
      expect((error as Error).message).toMatch(
        /^products GET \/orders\/stats sent a response that breaks the contract: counts\.pending: .*pending must be an integer number/,
      );
    });

    it('turns a 2xx that is not JSON into invalid-response', async () => {
      fake.reply((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'));
      await expect(products().send(get(), payloadDecoder(OrderStatsPayload))).rejects.toMatchObject({ kind: 'invalid-response' });
    });

    it('lets an unexpected error from a decoder through untouched', async () => {
      const bug = new TypeError('bug in a decoder');
      await expect(
        products().send(get(), () => {
          throw bug;
        }),
      ).rejects.toBe(bug);
    });
  });

  describe('failures', () => {
    it('retries a GET on 503 and then reports 503 DOWNSTREAM_UNAVAILABLE', async () => {
      fake.reply((_req, res) => json(res, 503, { error: { code: 'INJECTED_FAULT' } }));
      const error = (await products()
        .send(get(), anyBody)
        .catch((e: unknown) => e)) as DownstreamError;
      expect(error).toMatchObject({ kind: 'http-5xx', status: 503, code: 'DOWNSTREAM_UNAVAILABLE', upstreamStatus: 503 });
      expect(error.durationMs).toBeGreaterThan(0);
      expect(fake.requests).toHaveLength(3);
    });

    it('recovers when a retry succeeds', async () => {
      let calls = 0;
      fake.reply((_req, res) => (++calls === 1 ? json(res, 500, {}) : json(res, 200, { ok: true })));
      await expect(products().send(get(), anyBody)).resolves.toMatchObject({ body: { ok: true } });
      expect(fake.requests).toHaveLength(2);
    });

    it('never retries a POST', async () => {
      fake.reply((_req, res) => json(res, 500, {}));
      await expect(products().send(post(), anyBody)).rejects.toMatchObject({ kind: 'http-5xx', status: 502, code: 'DOWNSTREAM_FAILED' });
      expect(fake.requests).toHaveLength(1);
    });

    it('fails a hanging call with a timeout', async () => {
      start({ resilience: { timeoutMs: 100, totalTimeoutMs: 150, retry: { maxAttempts: 1 } } });
      fake.reply(() => undefined);
      const started = performance.now();
      await expect(products().send(get(), anyBody)).rejects.toMatchObject({ kind: 'timeout', status: 504, code: 'DOWNSTREAM_TIMEOUT' });
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('reports a refused connection', async () => {
      const port = await closedPort();
      start({ services: { ...testOptions(fake.url).services, products: { baseUrl: `http://127.0.0.1:${port}` } } });
      await expect(products().send(get(), anyBody)).rejects.toMatchObject({ kind: 'refused', status: 503 });
    });

    it('reports a connection reset as a network failure', async () => {
      fake.reply((_req, res) => res.socket?.destroy());
      await expect(products().send(post(), anyBody)).rejects.toMatchObject({ kind: 'network', status: 502 });
    });

    it('opens the circuit after consecutive failures, then fails fast without the network', async () => {
      start({ resilience: { retry: { maxAttempts: 1 }, circuitBreaker: { consecutiveFailures: 3, halfOpenAfterMs: 10_000 } } });
      fake.reply((_req, res) => json(res, 500, {}));
      for (let i = 0; i < 3; i++) await expect(products().send(get(), anyBody)).rejects.toMatchObject({ kind: 'http-5xx' });
      expect(products().circuitState).toBe(CircuitState.Open);
      const started = performance.now();
      const error = (await products()
        .send(get(), anyBody)
        .catch((e: unknown) => e)) as DownstreamError;
      expect(performance.now() - started).toBeLessThan(50);
      expect(error).toMatchObject({ kind: 'circuit-open', status: 503, code: 'DOWNSTREAM_CIRCUIT_OPEN' });
      expect(fake.requests).toHaveLength(3);
      expect(await metricValue(env.metrics, 'facet_downstream_circuit_state', { service: 'products' })).toBe(CircuitState.Open);
    });

    it('rejects at once when the bulkhead and its queue are full', async () => {
      start({ resilience: { bulkhead: { maxConcurrent: 1, maxQueued: 0 } }, coalesceGets: false });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      fake.reply((_req, res) => void gate.then(() => json(res, 200, {})));
      const first = products().send(get('/a'), anyBody);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await expect(products().send(get('/b'), anyBody)).rejects.toMatchObject({
        kind: 'bulkhead-full',
        status: 503,
        code: 'DOWNSTREAM_BUSY',
      });
      release();
      await first;
    });
  });

  describe('coalescing', () => {
    it('makes one call for identical concurrent GETs with the same credential', async () => {
      fake.reply((_req, res) => setTimeout(() => json(res, 200, { n: 1 }), 20));
      const results = await Promise.all(Array.from({ length: 100 }, () => products().send(get('/same'), anyBody)));
      expect(fake.requests).toHaveLength(1);
      expect(results.every((r) => (r.body as { n: number }).n === 1)).toBe(true);
      expect(await metricValue(env.metrics, 'facet_downstream_coalesced_total', { service: 'products', route: 'GET /same' })).toBe(99);
    });

    it('never shares one credential’s answer with another', async () => {
      fake.reply((req, res) => setTimeout(() => json(res, 200, { for: req.headers.authorization }), 20));
      const [a, b] = await Promise.all([
        products().send(get('/same', { identity: { accessToken: 'alice' } }), anyBody),
        products().send(get('/same', { identity: { accessToken: 'bob' } }), anyBody),
      ]);
      expect(fake.requests).toHaveLength(2);
      expect(a.body).toEqual({ for: 'Bearer alice' });
      expect(b.body).toEqual({ for: 'Bearer bob' });
    });

    it('shares an answer only between callers that decode it the same way', async () => {
      fake.reply((_req, res) => setTimeout(() => json(res, 200, { n: 1 }), 20));
      const typed = (data: unknown) => ({ typed: data });
      const [raw, first, second] = await Promise.all([
        products().send(get('/same'), anyBody),
        products().send(get('/same'), typed),
        products().send(get('/same'), typed),
      ]);
      expect(raw.body).toEqual({ n: 1 });
      expect(first.body).toEqual({ typed: { n: 1 } });
      expect(second.body).toBe(first.body);
      expect(fake.requests).toHaveLength(2);
    });

    it('never coalesces writes, and can be switched off for reads', async () => {
      await Promise.all([products().send(post(), anyBody), products().send(post(), anyBody)]);
      expect(fake.requests).toHaveLength(2);
      start({ coalesceGets: false });
      await Promise.all([products().send(get(), anyBody), products().send(get(), anyBody)]);
      expect(fake.requests).toHaveLength(4);
    });
  });

  describe('metrics and readiness', () => {
    it('counts calls and errors by kind, and observes latency', async () => {
      await products().send(get('/m', { route: 'GET /m' }), anyBody);
      fake.reply((_req, res) => json(res, 404, {}));
      await products()
        .send(get('/m', { route: 'GET /m' }), anyBody)
        .catch(() => undefined);
      expect(
        await metricValue(env.metrics, 'facet_downstream_calls_total', { service: 'products', route: 'GET /m', outcome: 'success' }),
      ).toBe(1);
      expect(
        await metricValue(env.metrics, 'facet_downstream_calls_total', { service: 'products', route: 'GET /m', outcome: 'error' }),
      ).toBe(1);
      expect(
        await metricValue(env.metrics, 'facet_downstream_errors_total', { service: 'products', route: 'GET /m', kind: 'not-found' }),
      ).toBe(1);
      const text = await env.metrics.registry.metrics();
      expect(text).toMatch(/facet_downstream_call_duration_seconds_count\{service="products",route="GET \/m"\} 2/);
    });

    it('checks readiness against the service’s /health/ready', async () => {
      await products().checkReady();
      expect(fake.requests[0]).toMatchObject({ path: '/health/ready' });
      expect(fake.requests[0].headers).not.toHaveProperty('authorization');
      fake.reply((_req, res) => json(res, 503, {}));
      await expect(products().checkReady()).rejects.toThrow('products answered 503');
    });
  });
});
