import { SeededRandom } from '@facet/sandbox';
import {
  type MappedRoute,
  type RouteInputs,
  type RunningStack,
  deeplyNestedJson,
  fuzzSeed,
  hostileRequest,
  mappedRoutes,
  sendHostileRequests,
  startStack,
} from '@facet/testing';
import { serviceToken } from './reference-world.helpers';

/**
 * Hostile input on every business and health route of the reference services, with a token holding every backend
 * scope: no 5xx, every error the JSON error shape, no hang. `FUZZ_SEED=<seed>` replays a run.
 */

type Service = 'order-service' | 'product-service' | 'user-service';

const REQUESTS_PER_SERVICE = 500;
const SEED = fuzzSeed();

/** Not fuzzed: the sandbox's unauthenticated fault and stats routes (they exist to break things) and the metrics scrape. */
const NOT_FUZZED = (route: MappedRoute): boolean => route.includes(' /__admin/') || route === 'GET /metrics';

const HEALTH: Record<MappedRoute, RouteInputs> = { 'GET /health/live': {}, 'GET /health/ready': {} };
const ORDER_IDS = ['o_00001', 'o_00002', 'o_05000', 'stats'];

const ROUTES: Record<Service, Record<MappedRoute, RouteInputs>> = {
  'order-service': {
    ...HEALTH,
    'GET /orders': { query: ['userId', 'status', 'cursor', 'offset', 'limit'] },
    'GET /orders/stats': { query: ['userId'] },
    'GET /orders/:id': { params: { id: ORDER_IDS } },
    'POST /orders': {
      bodies: [
        { userId: 'u_0001', items: [{ productId: 'p_0001', quantity: 1 }], shippingAddressId: 'addr_1' },
        { userId: 'u_0002', items: [], shippingAddressId: 'x' },
      ],
    },
    'POST /orders/:id/cancel': { params: { id: ORDER_IDS } },
    'POST /orders/:id/shipments': {
      params: { id: ORDER_IDS },
      bodies: [{ carrier: 'DPD', event: { description: 'Collected', location: 'Hub' }, status: 'shipped' }],
    },
  },
  'product-service': {
    ...HEALTH,
    'GET /products': { query: ['ids', 'category', 'q', 'cursor', 'limit'] },
    'GET /products/:id': { params: { id: ['p_0001', 'p_1200', 'p_9999'] } },
    'GET /categories': {},
  },
  'user-service': {
    ...HEALTH,
    'GET /users': { query: ['ids'] },
    'GET /users/:id': { params: { id: ['u_0001', 'u_0002', 'u_9999'] } },
  },
};

const SERVICES = Object.keys(ROUTES) as Service[];

describe('the reference services under hostile input (every business route, a service token)', () => {
  let stack: RunningStack;
  let credentials: Record<string, string>;
  const logLines: Record<Service, string[]> = { 'order-service': [], 'product-service': [], 'user-service': [] };

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service'],
      // At info level each service logs the routes it maps: the fuzz's route lists are checked against them.
      env: Object.fromEntries(SERVICES.map((service) => [service, { LOG_LEVEL: 'info' }])),
      onLog: (app, line) => {
        if ((SERVICES as readonly string[]).includes(app) && line.includes('Mapped {')) logLines[app as Service].push(line);
      },
    });
    credentials = { authorization: `Bearer ${await serviceToken(stack.urls['dev-idp'])}` };
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a body nested thousands deep with 400 BODY_TOO_DEEP', async () => {
    const res = await fetch(`${stack.urls['order-service']}/orders`, {
      method: 'POST',
      headers: { ...credentials, 'content-type': 'application/json' },
      body: deeplyNestedJson(5000),
    });
    expect({ status: res.status, body: await res.json() }).toMatchObject({ status: 400, body: { error: { code: 'BODY_TOO_DEEP' } } });
  });

  it.each(SERVICES)('fuzzes every route %s maps but its sandbox admin routes and metrics', (service) => {
    expect(mappedRoutes(logLines[service]).filter((route) => !NOT_FUZZED(route))).toEqual(Object.keys(ROUTES[service]).sort());
  });

  it(`answers ${REQUESTS_PER_SERVICE} hostile requests per service without a 5xx, a non-JSON error or a hang, and stays ready`, async () => {
    const random = new SeededRandom(SEED);
    const problems: string[] = [];
    for (const service of SERVICES) {
      const routes = Object.keys(ROUTES[service]);
      const requests = Array.from({ length: REQUESTS_PER_SERVICE }, () =>
        hostileRequest(random, routes, { credentials, inputs: ROUTES[service] }),
      );
      const found = await sendHostileRequests(stack.urls[service], requests, { concurrency: 4, timeoutMs: 10_000, jsonErrorsUnder: /^\// });
      problems.push(...found.map((problem) => `${service}: ${problem}`));
    }
    if (problems.length > 0) {
      throw new Error(
        `fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED}): ${problems.length} requests failed, the first ones:\n${problems.slice(0, 10).join('\n')}`,
      );
    }
    for (const service of SERVICES) expect((await fetch(`${stack.urls[service]}/health/ready`)).status).toBe(200);
  });
});
