import { DEV_USER_PASSWORD, SeededRandom } from '@facet/sandbox';
import {
  type MappedRoute,
  deeplyNestedJson,
  type RouteInputs,
  type RunningStack,
  WEB_SESSION_COOKIE,
  fuzzSeed,
  hostileRequest,
  loginToWebBff,
  mappedRoutes,
  sendHostileRequests,
  startStack,
} from '@facet/testing';

/**
 * Hostile input on every route web-bff maps, with a live session and every dependency up: no answer may be a
 * 5xx, an `/api` or `/auth` error must be the JSON error shape, and no request may hang. Each run draws a fresh
 * seed (printed when the run fails); `FUZZ_SEED=<seed>` replays a run.
 */

const REQUESTS = 1500;
const SEED = fuzzSeed();

/** Mapped routes that are not fuzzed, and why: the metrics endpoint is scraped by Prometheus, not by clients. */
const NOT_FUZZED: readonly MappedRoute[] = ['GET /metrics'];

/** Every route the fuzz sends to, with the inputs that get past its first checks. */
const ROUTES: Record<MappedRoute, RouteInputs> = {
  'GET /api/dashboard': {},
  'GET /api/orders': { query: ['page', 'pageSize', 'status'] },
  'GET /api/orders/new': { query: ['q', 'category', 'limit', 'productId'] },
  'GET /api/products': { query: ['q', 'category', 'cursor', 'limit'] },
  'GET /api/products/:id': { params: { id: ['p_0001', 'p_1200', 'p_99999', 'p_1'] } },
  'GET /api/orders/:id': { params: { id: ['o_00001', 'o_00002', 'o_04999', 'o_1'] } },
  'POST /api/orders': {
    bodies: [
      { items: [{ productId: 'p_0001', quantity: 1 }], shippingAddressId: 'addr_1' },
      { items: [{ productId: 'p_1200', quantity: 99 }], shippingAddressId: 'x' },
      { items: [], shippingAddressId: 'addr_1' },
    ],
  },
  'POST /api/orders/:id/cancel': { params: { id: ['o_00001', 'o_00003', 'o_1'] } },
  'ALL /api/proxy/:service/{*path}': {
    params: { service: ['products', 'orders', 'users'], path: ['products', 'categories', 'p_0001', 'orders', 'stats'] },
    query: ['ids', 'cursor', 'limit', 'category'],
  },
  'GET /auth/login': { query: ['returnTo'] },
  'GET /auth/callback': { query: ['code', 'state', 'error', 'iss', 'session_state'] },
  'GET /auth/user': {},
  'POST /auth/logout': {},
  'POST /auth/backchannel-logout': {
    bodies: [{ logout_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1XzAwMDEifQ.c2ln' }, { logout_token: '' }, {}],
  },
  'GET /health/live': {},
  'GET /health/ready': {},
};

describe('web-bff under hostile input (every mapped route, a live session, the real stack)', () => {
  let stack: RunningStack;
  let web: string;
  let credentials: Record<string, string>;
  const logLines: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff'],
      // At info level web-bff logs each route it maps: the fuzz's route list is checked against them.
      env: { 'web-bff': { LOG_LEVEL: 'info' } },
      onLog: (app, line) => {
        if (app === 'web-bff' && line.includes('Mapped {')) logLines.push(line);
      },
    });
    web = stack.urls['web-bff'];
    // One login for the whole run (the login route is rate-limited); logout requests never carry this session.
    const login = await loginToWebBff({ webBffUrl: web, email: 'ada@example.test', password: DEV_USER_PASSWORD });
    credentials = { cookie: `${WEB_SESSION_COOKIE}=${login.jar.get(web, WEB_SESSION_COOKIE)}`, 'x-csrf': '1' };
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a body nested thousands deep with 400 BODY_TOO_DEEP, with or without a session', async () => {
    for (const [path, headers] of [
      ['/api/orders', credentials],
      ['/auth/backchannel-logout', {}],
    ] as const) {
      for (const body of [deeplyNestedJson(5000), deeplyNestedJson(5000, 'object'), `{"items":${deeplyNestedJson(40)}}`]) {
        const res = await fetch(`${web}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
        expect({ path, status: res.status, body: await res.json() }).toMatchObject({
          path,
          status: 400,
          body: { error: { code: 'BODY_TOO_DEEP', details: { maxDepth: 32 } } },
        });
      }
    }
  });

  it('fuzzes every route web-bff maps, and only those', () => {
    const fuzzed = Object.keys(ROUTES).sort();
    expect(mappedRoutes(logLines).filter((route) => !NOT_FUZZED.includes(route))).toEqual(fuzzed);
  });

  it(`answers ${REQUESTS} hostile requests without a 5xx, a non-JSON API error or a hang, and stays ready`, async () => {
    const random = new SeededRandom(SEED);
    const routes = Object.keys(ROUTES);
    const requests = Array.from({ length: REQUESTS }, () =>
      hostileRequest(random, routes, { credentials, withoutCredentials: ['POST /auth/logout'], inputs: ROUTES }),
    );
    const problems = await sendHostileRequests(web, requests, {
      concurrency: 4,
      timeoutMs: 10_000,
      jsonErrorsUnder: /^\/(api|auth)(\/|$)/,
    });
    if (problems.length > 0) {
      throw new Error(
        `fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED}): ${problems.length} of ${REQUESTS} requests failed, the first ones:\n${problems.slice(0, 10).join('\n')}`,
      );
    }
    expect((await fetch(`${web}/health/ready`)).status).toBe(200);
    // The session lived through the run.
    expect((await fetch(`${web}/auth/user`, { headers: credentials })).status).toBe(200);
  });
});
