import { randomUUID } from 'node:crypto';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { type RunningStack, loginToWebBff, startStack, testRedisUrl, webApi } from '@facet/testing';

const LOGIN_RATE_LIMIT = 5;
const SESSION_MAX_PER_USER = 2;

interface ErrorResponse {
  error: { status: number; code: string; message: string };
}

/**
 * What one client or one user can make web-bff keep: login starts per client IP are rate-limited, sessions per user
 * are capped. Low limits here; the stack's defaults for tests are high (every test logs in from 127.0.0.1).
 */
describe('web-bff login bounds (real dev-idp, sessions and counters in Redis)', () => {
  let stack: RunningStack;
  let web: string;

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff'],
      env: {
        'web-bff': {
          SESSION_STORE: 'redis',
          REDIS_URL: testRedisUrl(),
          REDIS_KEY_PREFIX: `facet-test:${randomUUID()}:`,
          LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT),
          LOGIN_RATE_LIMIT_WINDOW_SECONDS: '600',
          SESSION_MAX_PER_USER: String(SESSION_MAX_PER_USER),
          // Each test below comes from its own client address (X-Forwarded-For through a trusted loopback proxy).
          TRUST_PROXY: 'loopback',
        },
      },
    });
    web = stack.urls['web-bff'];
  });

  afterAll(() => stack?.stop());

  const loginFrom = (address: string) => fetch(`${web}/auth/login`, { redirect: 'manual', headers: { 'x-forwarded-for': address } });

  it(`refuses the login start beyond ${LOGIN_RATE_LIMIT} per window from one address with 429 JSON and Retry-After`, async () => {
    for (let i = 0; i < LOGIN_RATE_LIMIT; i++) expect((await loginFrom('203.0.113.7')).status).toBe(302);

    const refused = await loginFrom('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await refused.json()) as ErrorResponse;
    expect(body.error).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(body.error.message).toMatch(/Too many login requests/);

    expect((await loginFrom('203.0.113.8')).status).toBe(302);
  });

  it(`keeps at most ${SESSION_MAX_PER_USER} sessions per user: a further login ends the oldest`, async () => {
    const logins = [];
    for (let i = 0; i <= SESSION_MAX_PER_USER; i++) {
      logins.push(await loginToWebBff({ webBffUrl: web, email: 'ada@example.test', password: DEV_USER_PASSWORD }));
    }
    const [oldest, ...newer] = logins;
    expect((await webApi(oldest.jar, `${web}/auth/user`)).status).toBe(401);
    for (const login of newer) expect((await webApi(login.jar, `${web}/auth/user`)).status).toBe(200);
  });
});
