import { randomUUID } from 'node:crypto';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import {
  CookieJar,
  type RunningStack,
  WEB_SESSION_COOKIE,
  completeIdpLogout,
  fetchWithCookies,
  finishWebLogin,
  loginToWebBff,
  startReplica,
  startStack,
  startWebLogin,
  testRedisClusterUrl,
  webApi,
} from '@facet/testing';
import type { OrderDetailView } from '../../apps/web-bff/src/orders/orders.view';

const ada = { email: 'ada@example.test', password: DEV_USER_PASSWORD };
const grace = { email: 'grace@example.test', password: DEV_USER_PASSWORD };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two web-bff replicas sharing one Redis Cluster (three masters, the run's: see test/run-setup.ts), as behind a load balancer: one public origin (WEB_BFF_URL names replica A),
 * sessions, login state and refresh locks in Redis. A session made on one replica is the session on the other, ended
 * on either for both, by logout or by the provider's back-channel logout; a due token is refreshed once at the
 * provider whichever replicas its requests reach, and refresh-token rotation never ends the session.
 */
describe('web-bff: two replicas, one Redis Cluster', () => {
  let stack: RunningStack;
  let second: RunningStack;
  let a: string;
  let b: string;

  beforeAll(async () => {
    const shared = {
      SESSION_STORE: 'redis',
      PRODUCT_CACHE_STORE: 'redis',
      REDIS_URL: testRedisClusterUrl(),
      REDIS_KEY_PREFIX: `facet-test:web-replicas:${randomUUID()}:`,
      // Access tokens live 60 s and count as due 5 s after they were issued: a round of requests (well under 5 s
      // even on a loaded machine) finds its token due once.
      TOKEN_REFRESH_SKEW_SECONDS: '55',
    };
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff'],
      env: { 'dev-idp': { ACCESS_TOKEN_TTL_SECONDS: '60' }, 'web-bff': shared },
    });
    a = stack.urls['web-bff'];
    second = await startReplica(stack, 'web-bff', shared);
    b = second.urls['web-bff'];
  });

  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
  });

  const refreshes = async (): Promise<number> => {
    let total = 0;
    for (const url of [stack.managementUrls['web-bff'], second.managementUrls['web-bff']]) {
      const text = await (await fetch(`${url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('web_session_token_refreshes_total{outcome="ok"}'));
      total += line ? Number(line.split(' ').at(-1)) : 0;
    }
    return total;
  };

  it('serves a session made on replica A on replica B, and a login started on B completes on A', async () => {
    const { jar } = await loginToWebBff({ webBffUrl: a, ...ada });
    const onB = await webApi(jar, `${b}/auth/user`);
    expect(onB.status).toBe(200);
    expect(((await onB.json()) as { user: { email: string } }).user.email).toBe(ada.email);
    expect((await webApi(jar, `${b}/api/dashboard`)).status).toBe(200);

    // The login's state is kept in Redis by B; the provider sends the browser back to the public origin (A).
    const other = new CookieJar();
    const authorizeUrl = await startWebLogin(b, other);
    const login = await finishWebLogin(other, authorizeUrl, grace.email, grace.password);
    expect(new URL(login.redirectedTo).origin).toBe(new URL(a).origin);
    expect((await webApi(other, `${b}/auth/user`)).status).toBe(200);
  });

  it('ends on replica A a session logged out on replica B', async () => {
    const { jar } = await loginToWebBff({ webBffUrl: a, ...ada });
    const sessionCookie = jar.get(a, WEB_SESSION_COOKIE);
    const logout = await webApi(jar, `${b}/auth/logout`, { method: 'POST' });
    expect(logout.status).toBe(200);
    // The browser would drop the cookie; an attacker who kept it gets nothing on either replica.
    const kept = new CookieJar();
    kept.store(a, [`${WEB_SESSION_COOKIE}=${sessionCookie}; Path=/; Secure; HttpOnly`]);
    expect((await webApi(kept, `${a}/auth/user`)).status).toBe(401);
    expect((await webApi(kept, `${b}/auth/user`)).status).toBe(401);
  });

  it("reaches the provider session's BFF sessions on both replicas by back-channel logout", async () => {
    const first = await loginToWebBff({ webBffUrl: a, ...ada });
    // A second BFF session over the same provider session (the same browser's provider cookies), made through B.
    const secondJar = new CookieJar();
    for (const cookie of first.jar.all().filter((c) => c.name !== WEB_SESSION_COOKIE)) {
      secondJar.store(stack.urls['dev-idp'], [`${cookie.name}=${cookie.value}; Path=${cookie.path}`]);
    }
    await finishWebLogin(secondJar, await startWebLogin(b, secondJar), ada.email, ada.password);
    const bystander = await loginToWebBff({ webBffUrl: b, ...grace });

    const logout = (await (await webApi(secondJar, `${b}/auth/logout`, { method: 'POST' })).json()) as { endSessionUrl: string };
    // The provider's end-session sends a logout token to the BFF's back-channel URL (the public origin, A).
    await completeIdpLogout({ endSessionUrl: logout.endSessionUrl, jar: secondJar });
    expect((await webApi(first.jar, `${a}/auth/user`)).status).toBe(401);
    expect((await webApi(first.jar, `${b}/auth/user`)).status).toBe(401);
    expect((await webApi(bystander.jar, `${a}/auth/user`)).status).toBe(200);
  });

  it('refreshes a due token once at the provider for concurrent requests on both replicas, and rotation keeps the session', async () => {
    const { jar } = await loginToWebBff({ webBffUrl: a, ...ada });
    for (let round = 0; round < 2; round++) {
      await pause(5500);
      const before = await refreshes();
      const answers = await Promise.all(Array.from({ length: 12 }, (_, n) => webApi(jar, `${n % 2 === 0 ? a : b}/api/dashboard`)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
      expect((await refreshes()) - before).toBe(1);
    }
    // Had a replica replayed a used refresh token, the provider would have revoked the grant and ended the session.
    expect((await webApi(jar, `${b}/auth/user`)).status).toBe(200);
    expect((await webApi(jar, `${a}/auth/user`)).status).toBe(200);
  });

  it('answers an order create retried on the other replica with the first order, created once', async () => {
    const { jar } = await loginToWebBff({ webBffUrl: a, ...ada });
    const key = `replicas-${randomUUID()}`;
    const body = JSON.stringify({ items: [{ productId: 'p_0006', quantity: 1 }], shippingAddressId: 'u_0001_a1' });
    const create = (url: string) => webApi(jar, `${url}/api/orders`, { method: 'POST', body, headers: { 'Idempotency-Key': key } });
    const first = await create(a);
    const again = await create(b);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [made, replayed] = (await Promise.all([first.json(), again.json()])) as OrderDetailView[];
    expect(replayed.id).toBe(made.id);
    const list = await fetchWithCookies(jar, `${b}/api/orders?pageSize=50`, { headers: { 'x-csrf': '1' } });
    const orders = ((await list.json()) as { orders: { id: string }[] }).orders;
    expect(orders.filter((order) => order.id === made.id)).toHaveLength(1);
  });
});
