import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { mobileAppLogin, startStack, type RunningStack } from '@facet/testing';
import { type Downstream, createDownstream, sandbox, stackOptions } from './downstream-harness';

const BACKEND = 'urn:facet:backend';

/**
 * A bearer app's downstream calls (mobile-bff's, to come): the caller's mobile-audience token is exchanged at the real
 * dev-idp for a backend token, once for many calls, and never sent to a backend itself.
 */
describe('downstream calls of a bearer app, through a token exchange at the real dev-idp', () => {
  let stack: RunningStack;
  let downstream: Downstream;
  let mobileToken: string;
  const tokenRequests: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service'],
      // dev-idp's request log counts its token endpoint's requests: the exchanges.
      env: { 'dev-idp': { LOG_LEVEL: 'info', LOG_FORMAT: 'json' } },
      onLog: (app, line) => {
        if (app === 'dev-idp' && line.includes('"path":"/token"') && line.includes('request completed')) tokenRequests.push(line);
      },
    });
    ({ access_token: mobileToken } = await mobileAppLogin({
      issuer: stack.urls['dev-idp'],
      scope: 'openid orders:read products:read',
      email: 'ada@example.test',
      password: DEV_USER_PASSWORD,
    }));
    downstream = await createDownstream(
      stackOptions(stack, {
        serviceIdentity: undefined,
        defaultIdentity: 'user',
        userIdentity: {
          kind: 'exchange',
          issuer: stack.urls['dev-idp'],
          clientId: 'facet-mobile-bff',
          clientSecret: 'dev-only-mobile-bff-secret',
          audience: BACKEND,
        },
      }),
    );
  });

  afterAll(async () => {
    await downstream?.close();
    await stack?.stop();
  });

  const tokenRequestsSettled = async (): Promise<number> => {
    // The log line reaches the pipe a moment after the answer.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return tokenRequests.length;
  };

  it('calls the real services as the user with one exchange for many calls over several requests', async () => {
    const before = await tokenRequestsSettled();
    for (let request = 0; request < 3; request++) {
      const [stats, page] = await downstream.inBearerRequest(
        () => Promise.all([downstream.orders.stats('u_0001'), downstream.orders.list({ userId: 'u_0001', limit: 2 })]),
        mobileToken,
      );
      expect(Object.values(stats).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
      expect(page.items).toHaveLength(2);
      expect(page.items.every((order) => order.userId === 'u_0001')).toBe(true);
    }
    expect((await tokenRequestsSettled()) - before).toBe(1);
  });

  it('costs a request that calls no backend no exchange', async () => {
    const before = await tokenRequestsSettled();
    await downstream.inBearerRequest(() => Promise.resolve('no backend call'), `${mobileToken}x`);
    expect((await tokenRequestsSettled()) - before).toBe(0);
  });

  it('answers 401 for a token the issuer will not exchange, and sends the backend nothing', async () => {
    const orders = sandbox(stack, 'order-service');
    await orders.resetStats();
    const attempt = downstream.inBearerRequest(() => downstream.orders.stats('u_0001'), 'not-a-mobile-token');
    await expect(attempt).rejects.toMatchObject({ status: 401 });
    expect(await orders.count('GET /orders/stats')).toBe(0);
  });
});
