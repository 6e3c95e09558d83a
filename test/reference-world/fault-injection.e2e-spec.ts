import { type RunningStack, type StackApp, startStack } from '@facet/testing';
import { call, serviceToken } from './reference-world.helpers';

const SERVICES = ['product-service', 'user-service', 'order-service'] as const;

/**
 * Sandbox fault injection over real HTTP: faults set on one service through its admin routes change that
 * service's business routes only, never its health or admin routes nor the other services.
 */
describe('reference world: fault injection', () => {
  let stack: RunningStack;
  let token: string;

  const admin = (app: StackApp, what: 'faults' | 'stats', method = 'GET', body?: unknown) =>
    call(`${stack.urls[app]}/__admin/${what}`, { method, body });
  const business: Record<(typeof SERVICES)[number], string> = {
    'product-service': '/products/p_0001',
    'user-service': '/users/u_0001',
    'order-service': '/orders/o_00001',
  };
  const callBusiness = (app: (typeof SERVICES)[number], signal?: AbortSignal) =>
    call(`${stack.urls[app]}${business[app]}`, { token, signal });

  beforeAll(async () => {
    stack = await startStack({ apps: ['dev-idp', 'user-service', 'product-service', 'order-service'] });
    token = await serviceToken(stack.urls['dev-idp']);
  });

  afterEach(async () => {
    await Promise.all(SERVICES.map((app) => admin(app, 'faults', 'DELETE')));
  });

  afterAll(() => stack?.stop());

  it('starts without faults and sets them by partial update', async () => {
    expect((await admin('product-service', 'faults')).body).toEqual({
      latencyMs: 0,
      jitterMs: 0,
      errorRate: 0,
      hang: false,
      responseBody: 'intact',
    });
    await admin('product-service', 'faults', 'PUT', { latencyMs: 50 });
    const updated = await admin('product-service', 'faults', 'PUT', { jitterMs: 10 });
    expect(updated.body).toEqual({ latencyMs: 50, jitterMs: 10, errorRate: 0, hang: false, responseBody: 'intact' });
    const invalid = await admin('product-service', 'faults', 'PUT', { errorRate: 1.5 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.fields).toEqual([{ field: 'errorRate', problems: expect.any(Array) }]);
  });

  // How long the delay lasts is the benchmarks' business (tests assert no time); here: it is set on the targeted
  // service only, the request passes the fault middleware, and a delayed request is still answered.
  it('puts injected latency in effect on the targeted service only, whose business routes still answer', async () => {
    await admin('product-service', 'stats', 'DELETE');
    await admin('product-service', 'faults', 'PUT', { latencyMs: 300 });
    expect((await admin('product-service', 'faults')).body).toMatchObject({ latencyMs: 300 });
    expect((await admin('user-service', 'faults')).body).toMatchObject({ latencyMs: 0 });
    const answer = await callBusiness('product-service');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: 'p_0001' });
    expect((await admin('product-service', 'stats')).body.requests).toEqual({ 'GET /products/:id': 1 });
  });

  it('breaks only the targeted service at error rate 1, with 503 INJECTED_FAULT', async () => {
    await admin('user-service', 'faults', 'PUT', { errorRate: 1 });
    const broken = await callBusiness('user-service');
    expect(broken.status).toBe(503);
    expect(broken.body.error).toMatchObject({ status: 503, code: 'INJECTED_FAULT' });
    expect((await callBusiness('product-service')).status).toBe(200);
    expect((await callBusiness('order-service')).status).toBe(200);
    expect((await call(`${stack.urls['user-service']}/health/ready`)).status).toBe(200);
  });

  it('hangs the targeted service until the client gives up, while its health and the other services answer', async () => {
    await admin('order-service', 'faults', 'PUT', { hang: true });
    await expect(callBusiness('order-service', AbortSignal.timeout(500))).rejects.toThrow(
      expect.objectContaining({ name: 'TimeoutError' }),
    );
    expect((await call(`${stack.urls['order-service']}/health/live`)).status).toBe(200);
    expect((await callBusiness('product-service')).status).toBe(200);
    expect((await callBusiness('user-service')).status).toBe(200);
    await admin('order-service', 'faults', 'DELETE');
    expect((await callBusiness('order-service')).status).toBe(200);
  });

  it('counts requests per method and route template, per service', async () => {
    await Promise.all(SERVICES.map((app) => admin(app, 'stats', 'DELETE')));
    const products = stack.urls['product-service'];
    await call(`${products}/products?ids=p_0001,p_0002`, { token });
    await call(`${products}/products/p_0001`, { token });
    await call(`${products}/products/p_0002`, { token });
    await call(`${products}/categories`, { token });
    await call(`${products}/products/p_0003`);
    await call(`${products}/health/ready`);
    expect((await admin('product-service', 'stats')).body).toEqual({
      requests: { 'GET /categories': 1, 'GET /products': 1, 'GET /products/:id': 3 },
      total: 5,
    });
    expect((await admin('user-service', 'stats')).body).toEqual({ requests: {}, total: 0 });
  });
});
