import { ForbiddenError } from '../errors/facet-error';
import type { ReadinessService } from '../health/readiness.service';
import type { MetricsService } from '../metrics/metrics.service';
import { type ManagementRequest, ManagementRoutes } from './management-routes';
import { ManagementServer } from './management.server';

describe('ManagementServer: operator routes', () => {
  let server: ManagementServer;
  let base: string;
  const seen: ManagementRequest[] = [];

  beforeAll(async () => {
    const routes = new ManagementRoutes();
    routes.register({
      method: 'POST',
      path: '/admin/things',
      handle: (request) => {
        seen.push(request);
        return { status: 201, body: { created: request.body } };
      },
    });
    routes.register({
      method: 'DELETE',
      path: '/admin/things/:id',
      handle: (request) => {
        if (request.headers.authorization !== 'Bearer right') throw new ForbiddenError('wrong admin token');
        return { status: 200, body: { deleted: request.params.id } };
      },
    });
    routes.register({
      method: 'GET',
      path: '/admin/broken',
      handle: () => {
        throw new Error('internal detail that must not leak');
      },
    });
    const readiness = { check: () => Promise.resolve({ ready: true, detail: {} }) } as unknown as ReadinessService;
    server = new ManagementServer(readiness, {} as MetricsService, routes);
    const address = await server.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${address.port}`;
  });

  afterAll(() => server.onApplicationShutdown());

  it('hands a registered route its parsed JSON body and query', async () => {
    const response = await fetch(`${base}/admin/things?dry=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ created: { name: 'x' } });
    expect(seen.at(-1)?.query.get('dry')).toBe('1');
  });

  it('passes path parameters, decoded, and renders a FacetError with its status and code', async () => {
    const denied = await fetch(`${base}/admin/things/a%20b`, { method: 'DELETE' });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ error: { status: 403, code: 'FORBIDDEN', message: 'wrong admin token' } });
    const allowed = await fetch(`${base}/admin/things/a%20b`, { method: 'DELETE', headers: { Authorization: 'Bearer right' } });
    expect(await allowed.json()).toEqual({ deleted: 'a b' });
  });

  it('answers 405 with Allow for a known path and another method, 404 for an unknown path', async () => {
    const wrong = await fetch(`${base}/admin/things`, { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await fetch(`${base}/admin/nothing`)).status).toBe(404);
    expect((await fetch(`${base}/health/live`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a body that is not JSON, malformed, or too large, with a 4xx naming the problem', async () => {
    const post = (body: string, type = 'application/json'): Promise<Response> =>
      fetch(`${base}/admin/things`, { method: 'POST', headers: { 'Content-Type': type }, body });
    const plain = await post('name=x', 'application/x-www-form-urlencoded');
    expect(plain.status).toBe(415);
    const malformed = await post('{"name":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
    expect((await post(JSON.stringify({ pad: 'x'.repeat(20_000) }))).status).toBe(413);
  });

  it('answers a route that fails unexpectedly with a bare 500', async () => {
    const response = await fetch(`${base}/admin/broken`);
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain('internal detail');
  });

  it('still serves its own routes', async () => {
    expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'ok' });
  });
});
