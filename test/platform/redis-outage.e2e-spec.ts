import { randomUUID } from 'node:crypto';
import {
  BFF_APPS,
  type BffApp,
  type ContractProxy,
  type RedisLink,
  type RunningStack,
  eventually,
  loginToWebBff,
  openRedisLink,
  startStack,
  testRedisUrl,
  webApi,
} from '@facet/testing';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import type { CheckoutView } from '../../apps/mobile-bff/src/checkout/checkout.view';
import { mobileCall, phoneToken } from '../mobile-bff/mobile-api';
import { issueKey, partnerCall, startPartnerApi } from '../partner-bff/partner-api';

/**
 * The three BFFs with their shared state in one Redis (REDIS_URL), which then goes away and comes back, behind a
 * relay the suite cuts and restores while the BFFs keep running. What needs Redis answers 503 with a body that
 * names the problem and not the store; each BFF's `/health/ready` turns false so a load balancer stops sending it
 * traffic; nothing crashes; and when Redis is back every BFF serves again without a restart, its sessions intact.
 */
describe('the BFFs while their Redis is down, and after it returns', () => {
  let stack: RunningStack;
  let link: RedisLink;
  let partner: ContractProxy;
  let web: { jar: Parameters<typeof webApi>[0] };
  let phone: string;
  let apiKey: string;
  let shippingAddressId: string;
  const pids = {} as Record<BffApp, number | undefined>;

  beforeAll(async () => {
    link = await openRedisLink(testRedisUrl());
    const shared = (bff: BffApp): Record<string, string> => ({
      REDIS_URL: link.url,
      REDIS_KEY_PREFIX: `facet-test:redis-outage:${bff}:${randomUUID()}:`,
    });
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', ...BFF_APPS],
      env: {
        'web-bff': { ...shared('web-bff'), SESSION_STORE: 'redis', PRODUCT_CACHE_STORE: 'redis' },
        'mobile-bff': { ...shared('mobile-bff'), STATE_STORE: 'redis' },
        'partner-bff': { ...shared('partner-bff'), STATE_STORE: 'redis' },
      },
    });
    partner = await startPartnerApi(stack.urls['partner-bff']);
    web = await loginToWebBff({ webBffUrl: stack.urls['web-bff'], email: 'ada@example.test', password: DEV_USER_PASSWORD });
    phone = await phoneToken(stack.urls['dev-idp'], 'grace@example.test');
    apiKey = (await issueKey(stack.managementUrls['partner-bff'], 'acme', ['partner:orders:read'])).api_key;
    const checkout = await mobileCall<CheckoutView>(stack.urls['mobile-bff'], '/v1/checkout?items=p_0007:1', { token: phone });
    if (!checkout.body.defaultShippingAddressId) throw new Error('grace has no default shipping address in the seed');
    shippingAddressId = checkout.body.defaultShippingAddressId;
    for (const bff of BFF_APPS) pids[bff] = stack.pid(bff);
  });

  afterAll(async () => {
    await partner?.stop();
    await stack?.stop();
    await link?.cut();
  });

  const ready = async (bff: BffApp): Promise<{ status: number; body: string }> => {
    const res = await fetch(`${stack.managementUrls[bff]}/health/ready`);
    return { status: res.status, body: await res.text() };
  };
  const dashboard = () => webApi(web.jar, `${stack.urls['web-bff']}/api/dashboard`);
  const createOrder = () =>
    mobileCall<{ id: string; error?: { code: string } }>(stack.urls['mobile-bff'], '/v1/orders', {
      token: phone,
      method: 'POST',
      body: { items: [{ productId: 'p_0007', quantity: 1 }], shippingAddressId },
      headers: { 'idempotency-key': `redis-outage-${randomUUID()}` },
    });
  const partnerOrders = () => partnerCall<{ code?: string; detail?: string }>(partner.url, '/v1/orders?limit=3', { apiKey });

  it('serves, and is ready, while Redis is up', async () => {
    expect((await dashboard()).status).toBe(200);
    expect((await createOrder()).status).toBe(201);
    expect((await partnerOrders()).status).toBe(200);
    for (const bff of BFF_APPS) expect((await ready(bff)).status).toBe(200);
  });

  it('answers what needs Redis with 503 naming the problem, not the store, and reports itself not ready', async () => {
    await link.cut();

    const read = await dashboard();
    const readText = await read.text();
    expect(read.status).toBe(503);
    expect(JSON.parse(readText)).toMatchObject({ error: { status: 503, code: 'SESSION_STORE_UNAVAILABLE' } });

    const create = await createOrder();
    expect(create.status).toBe(503);
    expect(create.body.error).toMatchObject({ code: expect.stringMatching(/_UNAVAILABLE$/) });

    const orders = await partnerOrders();
    expect(orders.status).toBe(503);
    expect(orders.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(orders.body.code).toMatch(/_UNAVAILABLE$/);
    expect(Number(orders.headers.get('retry-after'))).toBeGreaterThan(0);

    for (const text of [readText, JSON.stringify(create.body), JSON.stringify(orders.body)]) {
      expect(text).not.toMatch(/redis|ECONNREFUSED|127\.0\.0\.1|retries|stack/i);
    }
    for (const bff of BFF_APPS) {
      await eventually(async () => (await ready(bff)).status === 503, `${bff} not ready while Redis is down`);
    }
    // The public port never says why: what is down is for the management port and the logs.
    const publicReady = await fetch(`${stack.urls['web-bff']}/health/ready`);
    expect(await publicReady.text()).not.toMatch(/redis|store/i);
  });

  it('keeps every process running through the outage', () => {
    for (const bff of BFF_APPS) expect(stack.pid(bff)).toBe(pids[bff]);
  });

  it('serves again once Redis is back, without a restart, the session made before the outage included', async () => {
    await link.restore();
    for (const bff of BFF_APPS) {
      await eventually(async () => (await ready(bff)).status === 200, `${bff} ready again once Redis is back`);
    }
    expect((await dashboard()).status).toBe(200);
    expect((await createOrder()).status).toBe(201);
    expect((await partnerOrders()).status).toBe(200);
    for (const bff of BFF_APPS) expect(stack.pid(bff)).toBe(pids[bff]);
  });
});
