import { randomUUID } from 'node:crypto';
import { seedOrders } from '@facet/sandbox';
import { type ContractProxy, type RunningStack, startReplica, startStack, testRedisClusterUrl } from '@facet/testing';
import { type AuditRecord } from '@facet/bff';
import { adminCall, issueKey, partnerCall, startPartnerApi } from './partner-api';

/**
 * Two partner-bff replicas sharing one Redis Cluster (STATE_STORE=redis, REDIS_URL; the run's three masters): a key issued on one works on the
 * other, a key revoked on one is refused by the other at once, a partner's rate budget is one budget, a shipment
 * retried on the other replica is replayed, not repeated; and every request leaves an audit line.
 */
describe('partner-bff: two replicas, one Redis Cluster', () => {
  let stack: RunningStack;
  let second: RunningStack;
  let contracts: ContractProxy[] = [];
  const audit: AuditRecord[] = [];
  const shared = (prefix: string): Record<string, string> => ({
    STATE_STORE: 'redis',
    REDIS_URL: testRedisClusterUrl(),
    REDIS_KEY_PREFIX: prefix,
    PARTNER_RATE_LIMITS: 'initech:read=6/600',
  });

  beforeAll(async () => {
    const prefix = `facet:partner-bff:${randomUUID()}:`;
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'partner-bff'],
      env: { 'partner-bff': shared(prefix) },
      onLog: (app, line) => {
        if (app === 'partner-bff' && line.includes('"kind":"audit"')) audit.push(JSON.parse(line) as AuditRecord);
      },
    });
    second = await startReplica(stack, 'partner-bff', shared(prefix));
    // Each replica behind its own validating proxy: every answer is checked against the published document.
    contracts = await Promise.all([startPartnerApi(stack.urls['partner-bff']), startPartnerApi(second.urls['partner-bff'])]);
  });

  afterAll(async () => {
    await Promise.all(contracts.map((contract) => contract.stop()));
    await second?.stop();
    await stack?.stop();
  });

  const replicas = (): [string, string] => [contracts[0].url, contracts[1].url];

  it('issues a key on one replica that works on the other, and revokes it on the other for both at once', async () => {
    const [a, b] = replicas();
    const key = await issueKey(stack.managementUrls['partner-bff'], 'acme', ['partner:products:read']);
    expect((await partnerCall(b, '/v1/products?limit=1', { apiKey: key.api_key })).status).toBe(200);
    expect((await adminCall(second.managementUrls['partner-bff'], `/admin/api-keys/${key.key_id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await partnerCall(a, '/v1/products?limit=1', { apiKey: key.api_key })).status).toBe(401);
    expect((await partnerCall(b, '/v1/products?limit=1', { apiKey: key.api_key })).status).toBe(401);
  });

  it('spends one rate budget across replicas, with RateLimit fields and a 429 with Retry-After beyond it', async () => {
    const [a, b] = replicas();
    const key = await issueKey(stack.managementUrls['partner-bff'], 'initech', ['partner:products:read']);
    const statuses: number[] = [];
    for (let n = 0; n < 8; n++) {
      const answer = await partnerCall(n % 2 === 0 ? a : b, '/v1/products?limit=1', { apiKey: key.api_key });
      statuses.push(answer.status);
      expect(answer.headers.get('ratelimit-policy')).toBe('"read";q=6;w=600');
      if (answer.status === 429) {
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(answer.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      } else {
        expect(answer.headers.get('ratelimit')).toBe(`"read";r=${5 - n};t=${answer.headers.get('ratelimit')!.split('t=')[1]}`);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    // Another partner's budget is its own.
    const acme = await issueKey(stack.managementUrls['partner-bff'], 'acme', ['partner:products:read']);
    expect((await partnerCall(a, '/v1/products?limit=1', { apiKey: acme.api_key })).status).toBe(200);
  });

  it('replays a shipment retried on the other replica instead of recording it twice', async () => {
    const [a, b] = replicas();
    const key = await issueKey(stack.managementUrls['partner-bff'], 'acme', ['partner:orders:read', 'partner:shipments:write']);
    const order = seedOrders().find(
      (candidate) => candidate.status === 'paid' && candidate.fulfilmentPartnerId === 'acme' && !candidate.shipment,
    )!;
    const idempotencyKey = randomUUID();
    const ship = (base: string) =>
      partnerCall<{ shipment: { events: unknown[] } }>(
        base,
        `/v1/orders/${order.id}/shipments`,
        { apiKey: key.api_key },
        {
          method: 'POST',
          headers: { 'idempotency-key': idempotencyKey },
          body: { carrier: 'Evri', tracking_number: 'TRK-REPLICA' },
        },
      );
    const first = await ship(a);
    expect(first.status).toBe(201);
    const retry = await ship(b);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const now = await partnerCall<{ shipment: { events: unknown[] } }>(b, `/v1/orders/${order.id}`, { apiKey: key.api_key });
    expect(now.body.shipment.events).toHaveLength(1);
  });

  it('writes an audit line per request with the partner and key id, never the key', async () => {
    const key = await issueKey(stack.managementUrls['partner-bff'], 'globex', ['partner:orders:read']);
    const [a] = replicas();
    const answer = await partnerCall(a, '/v1/orders/o_00001', { apiKey: key.api_key });
    const refused = await partnerCall(a, '/v1/orders?limit=1', { apiKey: 'wrong' });
    const requestIds = [answer.headers.get('x-request-id'), refused.headers.get('x-request-id')];
    for (let waited = 0; waited < 2000 && !requestIds.every((id) => audit.some((line) => line.request_id === id)); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [ok, denied] = requestIds.map((id) => audit.find((line) => line.request_id === id));
    expect(ok).toMatchObject({
      partner_id: 'globex',
      via: 'api-key',
      credential_id: key.key_id,
      method: 'GET',
      route: '/v1/orders/:id',
      status: answer.status,
    });
    expect(denied).toMatchObject({ partner_id: null, credential_id: null, route: '/v1/orders', status: 401 });
    expect(JSON.stringify(audit)).not.toContain(key.api_key.slice(-43));
  });
});
