import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Order } from '@facet/domain';
import { seedOrders, seedProductById, seedProducts } from '@facet/sandbox';
import { type ContractProxy, REPO_ROOT, type RunningStack, clientCredentialsToken, startStack } from '@facet/testing';
import {
  type IssuedKey,
  PARTNER_CONTRACT_PATH,
  adminCall,
  issueKey,
  partnerCall,
  partnerToken,
  startPartnerApi,
  walk,
} from './partner-api';

interface ProblemBody {
  type: string;
  status: number;
  code: string;
  requestId?: string;
}

interface ContractProduct {
  id: string;
  price: { amount: string; currency: string };
  updated_at: string;
}

interface ContractOrder {
  id: string;
  status: string;
  role: 'fulfilment' | 'seller';
  lines: { product_id: string; quantity: number; unit_price: { amount: string; currency: string } }[];
  lines_total: { amount: string; currency: string };
  shipping_address: unknown;
  shipment: { carrier: string; tracking_number: string; events: unknown[] } | null;
  updated_at: string;
}

const PROBLEM_JSON = /^application\/problem\+json/;
const ALL_SCOPES = ['partner:products:read', 'partner:orders:read', 'partner:shipments:write'];

/** The seeded world's answer to "which products and orders are acme's", computed from the seed, not from our services. */
const products = seedProducts();
const productOwner = seedProductById();
const ownsProduct = (partnerId: string, productId: string): boolean => productOwner.get(productId)?.partnerId === partnerId;
const isPartnersOrder = (partnerId: string, order: Order): boolean =>
  order.fulfilmentPartnerId === partnerId || order.items.some((item) => ownsProduct(partnerId, item.productId));

/**
 * partner-bff against the running stack, with real API keys issued on its management port and real
 * client-credentials tokens from dev-idp: both ways in, every refusal as problem details, tenancy between two
 * partners, pagination walks checked against the seed, shipments with idempotency, strict degradation.
 */
describe('partner-bff: the v1 partner API', () => {
  let stack: RunningStack;
  let base: string;
  let management: string;
  let acme: IssuedKey;
  let globex: IssuedKey;

  const expectProblem = (answer: { status: number; headers: Headers; body: unknown }, status: number, code: string): void => {
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(PROBLEM_JSON);
    const problem = answer.body as ProblemBody;
    expect(problem).toMatchObject({ status, code });
    expect(problem.type).toMatch(/^urn:facet:problem:[a-z0-9-]+$/);
    expect(problem.requestId).toEqual(expect.any(String));
  };

  let contract: ContractProxy;

  beforeAll(async () => {
    stack = await startStack({ apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'partner-bff'] });
    // Every call goes through the validating proxy: an answer the published document does not describe fails it.
    contract = await startPartnerApi(stack.urls['partner-bff']);
    base = contract.url;
    management = stack.managementUrls['partner-bff'];
    acme = await issueKey(management, 'acme', ALL_SCOPES);
    globex = await issueKey(management, 'globex', ['partner:products:read', 'partner:orders:read']);
  });

  afterAll(async () => {
    await contract?.stop();
    await stack?.stop();
  });

  describe('ways in', () => {
    it('takes an API key and a client-credentials token of the same partner, and they see the same data', async () => {
      const byKey = await partnerCall<{ data: ContractProduct[] }>(base, '/v1/products?limit=5', { apiKey: acme.api_key });
      const token = await partnerToken(stack.urls['dev-idp'], 'acme');
      const byToken = await partnerCall<{ data: ContractProduct[] }>(base, '/v1/products?limit=5', { token });
      expect(byKey.status).toBe(200);
      expect(byToken.status).toBe(200);
      expect(byKey.body.data.map((product) => product.id)).toEqual(byToken.body.data.map((product) => product.id));
      expect(byKey.body.data).toHaveLength(5);
    });

    it.each([
      ['no credential', {}],
      ['a malformed key', { apiKey: 'let-me-in' }],
      ['a made-up key', { apiKey: `fpk_${'0'.repeat(16)}_${'A'.repeat(43)}` }],
      ['a token that is no JWT', { token: 'not.a.token' }],
    ])('refuses %s with 401 problem details and a challenge', async (_case, credential) => {
      const answer = await partnerCall(base, '/v1/products', credential);
      expectProblem(answer, 401, 'UNAUTHENTICATED');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it("refuses a real key with another key's secret", async () => {
      const forged = `${acme.api_key.slice(0, 'fpk_'.length + 16)}_${globex.api_key.slice(-43)}`;
      expectProblem(await partnerCall(base, '/v1/products', { apiKey: forged }), 401, 'UNAUTHENTICATED');
    });

    it('refuses a token for the backend audience (a trusted service’s), even from a real client', async () => {
      const { access_token } = await clientCredentialsToken({
        issuer: stack.urls['dev-idp'],
        clientId: 'facet-partner-bff',
        clientSecret: 'dev-only-partner-bff-secret',
        scope: 'orders:read',
      });
      expectProblem(await partnerCall(base, '/v1/products', { token: access_token }), 401, 'UNAUTHENTICATED');
    });

    it('rotates a key with no downtime: old and new work side by side, then the revoked one is refused at once', async () => {
      const old = await issueKey(management, 'acme', ['partner:products:read']);
      const replacement = await issueKey(management, 'acme', ['partner:products:read']);
      const listed = await adminCall<{ data: { key_id: string }[] }>(management, '/admin/api-keys?partner_id=acme');
      expect(listed.body.data.map((key) => key.key_id)).toEqual(expect.arrayContaining([old.key_id, replacement.key_id]));
      expect(JSON.stringify(listed.body)).not.toContain(old.api_key.slice(-43));
      for (const key of [old, replacement])
        expect((await partnerCall(base, '/v1/products?limit=1', { apiKey: key.api_key })).status).toBe(200);
      expect((await adminCall(management, `/admin/api-keys/${old.key_id}`, { method: 'DELETE' })).status).toBe(200);
      expectProblem(await partnerCall(base, '/v1/products?limit=1', { apiKey: old.api_key }), 401, 'UNAUTHENTICATED');
      expect((await partnerCall(base, '/v1/products?limit=1', { apiKey: replacement.api_key })).status).toBe(200);
      expect((await adminCall(management, `/admin/api-keys/${old.key_id}`, { method: 'DELETE' })).status).toBe(404);
    });

    it('guards the admin routes with the admin token, and validates what they are given', async () => {
      expect((await adminCall(management, '/admin/api-keys?partner_id=acme', { token: 'guess' })).status).toBe(401);
      const badScope = await adminCall<{ error: { code: string; details: unknown } }>(management, '/admin/api-keys', {
        method: 'POST',
        body: { partner_id: 'acme', scopes: ['orders:write'], label: 'x' },
      });
      expect(badScope.status).toBe(400);
      expect(JSON.stringify(badScope.body)).toContain('scopes');
      const badId = await adminCall(management, '/admin/api-keys/not-a-key-id', { method: 'DELETE' });
      expect(badId.status).toBe(400);
    });

    it("answers 403 naming the scope a partner's credential lacks", async () => {
      const answer = await partnerCall(
        base,
        '/v1/orders/o_00001/shipments',
        { apiKey: globex.api_key },
        {
          method: 'POST',
          headers: { 'idempotency-key': randomUUID() },
          body: { carrier: 'DPD', tracking_number: 'TRK1' },
        },
      );
      expectProblem(answer, 403, 'INSUFFICIENT_SCOPE');
      expect(answer.headers.get('www-authenticate')).toContain('insufficient_scope');
    });
  });

  it('serves the checked-in v1 contract at /v1/openapi.json, to anyone', async () => {
    const served = await fetch(`${stack.urls['partner-bff']}/v1/openapi.json`);
    expect(served.status).toBe(200);
    const checkedIn: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, PARTNER_CONTRACT_PATH), 'utf8'));
    expect(await served.json()).toEqual(checkedIn);
  });

  describe('catalogue', () => {
    it("walks the partner's whole catalogue slice, following Link, with no gap and no duplicate", async () => {
      const { items, pages } = await walk<ContractProduct>(base, '/v1/products?limit=100', { apiKey: acme.api_key });
      const expected = products.filter((product) => product.partnerId === 'acme').map((product) => product.id);
      expect(expected.length).toBeGreaterThan(100);
      expect(pages).toBe(Math.ceil(expected.length / 100));
      expect(items.map((product) => product.id)).toEqual(expected);
      const first = productOwner.get(items[0].id)!;
      expect(items[0].price).toEqual({ amount: (first.price.amount / 100).toFixed(2), currency: first.price.currency });
    });

    it('filters by updated_since, inclusively', async () => {
      const acmeProducts = products.filter((product) => product.partnerId === 'acme');
      const since = [...acmeProducts].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))[Math.floor(acmeProducts.length / 2)].updatedAt;
      const { items } = await walk<ContractProduct>(base, `/v1/products?limit=100&updated_since=${since}`, { apiKey: acme.api_key });
      expect(items.map((product) => product.id)).toEqual(
        acmeProducts.filter((product) => product.updatedAt >= since).map((product) => product.id),
      );
    });

    it('exports the same slice as NDJSON, with the filter, under its own rate budget', async () => {
      const acmeProducts = products.filter((product) => product.partnerId === 'acme');
      const since = acmeProducts[100].updatedAt;
      const response = await partnerCall<ContractProduct[]>(base, `/v1/products/export?updated_since=${since}`, { apiKey: acme.api_key });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      expect(response.headers.get('ratelimit-policy')).toMatch(/^"export";/);
      const exported = response.body;
      expect(exported.map((product) => product.id)).toEqual(
        acmeProducts.filter((product) => product.updatedAt >= since).map((product) => product.id),
      );
      const bad = await partnerCall(base, '/v1/products/export?cursor=x', { apiKey: acme.api_key });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
    });

    it.each([
      ['updated_since=yesterday', 'updated_since'],
      ['updated_since=2026-11-01T00:00:00%2B01:00', 'updated_since'],
      ['limit=0', 'limit'],
      ['colour=red', 'colour'],
    ])('refuses ?%s with a 400 naming %s', async (query, field) => {
      const answer = await partnerCall(base, `/v1/products?${query}`, { apiKey: acme.api_key });
      expectProblem(answer, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(answer.body)).toContain(field);
    });

    it('refuses a forged cursor, and one issued to another partner or for another filter', async () => {
      const acmePage = await partnerCall<{ next_cursor: string }>(base, '/v1/products?limit=2', { apiKey: acme.api_key });
      const cursor = encodeURIComponent(acmePage.body.next_cursor);
      expect((await partnerCall(base, `/v1/products?limit=2&cursor=${cursor}`, { apiKey: acme.api_key })).status).toBe(200);
      for (const [path, apiKey] of [
        [`/v1/products?cursor=${cursor}`, globex.api_key],
        [`/v1/products?cursor=${cursor}&updated_since=2020-01-01T00:00:00Z`, acme.api_key],
        [`/v1/products?cursor=${cursor.slice(0, -2)}xx`, acme.api_key],
      ]) {
        expectProblem(await partnerCall(base, path, { apiKey }), 400, 'VALIDATION_FAILED');
      }
    });
  });

  describe('orders', () => {
    const seeded = seedOrders();

    it("walks the partner's orders of a status, newest first, exactly those of its products or its fulfilment", async () => {
      const { items } = await walk<ContractOrder>(base, '/v1/orders?status=paid&limit=100', { apiKey: acme.api_key });
      const expected = seeded
        .filter((order) => order.status === 'paid' && isPartnersOrder('acme', order))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
        .map((order) => order.id);
      expect(expected.length).toBeGreaterThan(20);
      expect(items.map((order) => order.id)).toEqual(expected);
    });

    it('shows a seller only its own lines and no address; the fulfilment partner all of it', async () => {
      const sold = seeded.find(
        (order) =>
          order.fulfilmentPartnerId !== 'acme' &&
          order.items.some((item) => ownsProduct('acme', item.productId)) &&
          order.items.some((item) => !ownsProduct('acme', item.productId)),
      )!;
      const asSeller = await partnerCall<ContractOrder>(base, `/v1/orders/${sold.id}`, { apiKey: acme.api_key });
      expect(asSeller.body).toMatchObject({ id: sold.id, role: 'seller', shipping_address: null, shipment: null });
      expect(asSeller.body.lines.map((line) => line.product_id)).toEqual(
        sold.items.filter((item) => ownsProduct('acme', item.productId)).map((item) => item.productId),
      );
      expect(JSON.stringify(asSeller.body)).not.toContain(sold.userId);

      const shipped = seeded.find((order) => order.fulfilmentPartnerId === 'acme' && order.shipment)!;
      const asFulfilment = await partnerCall<ContractOrder>(base, `/v1/orders/${shipped.id}`, { apiKey: acme.api_key });
      expect(asFulfilment.body).toMatchObject({ role: 'fulfilment', shipment: { tracking_number: shipped.shipment!.trackingNumber } });
      expect(asFulfilment.body.lines).toHaveLength(shipped.items.length);
      expect(asFulfilment.body.shipping_address).toMatchObject({ postal_code: shipped.shippingAddress.postalCode });
    });

    it("answers another partner's order, and one that does not exist, with the same 404", async () => {
      const others = seeded.find((order) => !isPartnersOrder('acme', order) && isPartnersOrder('globex', order))!;
      expect((await partnerCall(base, `/v1/orders/${others.id}`, { apiKey: globex.api_key })).status).toBe(200);
      expectProblem(await partnerCall(base, `/v1/orders/${others.id}`, { apiKey: acme.api_key }), 404, 'NOT_FOUND');
      expectProblem(await partnerCall(base, '/v1/orders/o_99999', { apiKey: acme.api_key }), 404, 'NOT_FOUND');
      expectProblem(await partnerCall(base, '/v1/orders/..%2Fstats', { apiKey: acme.api_key }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('shipments', () => {
    const paidFor = (partnerId: string): Order =>
      seedOrders().find((order) => order.status === 'paid' && order.fulfilmentPartnerId === partnerId && !order.shipment)!;
    const ship = (id: string, key: string | undefined, body: unknown, apiKey = acme.api_key) =>
      partnerCall<ContractOrder>(
        base,
        `/v1/orders/${id}/shipments`,
        { apiKey },
        {
          method: 'POST',
          body,
          headers: key === undefined ? {} : { 'idempotency-key': key },
        },
      );

    it('ships an order once per Idempotency-Key: a replay gets the first answer, another body under the key a 422', async () => {
      const order = paidFor('acme');
      const key = randomUUID();
      const first = await ship(order.id, key, { carrier: 'DPD', tracking_number: 'TRK-E2E-1' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'shipped', shipment: { carrier: 'DPD', tracking_number: 'TRK-E2E-1' } });
      const replay = await ship(order.id, key, { carrier: 'DPD', tracking_number: 'TRK-E2E-1' });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
      expectProblem(await ship(order.id, key, { carrier: 'UPS', tracking_number: 'TRK-E2E-1' }), 422, 'IDEMPOTENCY_KEY_REUSED');
      const now = await partnerCall<ContractOrder>(base, `/v1/orders/${order.id}`, { apiKey: acme.api_key });
      expect(now.body.shipment!.events).toHaveLength(first.body.shipment!.events.length);
    });

    it('records one event for five concurrent retries of one request', async () => {
      const order = seedOrders().filter(
        (candidate) => candidate.status === 'paid' && candidate.fulfilmentPartnerId === 'acme' && !candidate.shipment,
      )[1];
      const key = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => ship(order.id, key, { carrier: 'DHL', tracking_number: 'TRK-E2E-2' })),
      );
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
      expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
      for (const answer of answers) expect(answer.body).toEqual(answers[0].body);
      const now = await partnerCall<ContractOrder>(base, `/v1/orders/${order.id}`, { apiKey: acme.api_key });
      expect(now.body.shipment!.events).toHaveLength(1);
    });

    it('validates the request, and refuses an order the partner does not fulfil', async () => {
      const order = paidFor('acme');
      const keyless = await ship(order.id, undefined, { carrier: 'DPD', tracking_number: 'TRK1' });
      expectProblem(keyless, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(keyless.body)).toContain('Idempotency-Key');
      const invalid = await ship(order.id, randomUUID(), { carrier: '', tracking_number: 'has spaces', extra: 1 });
      expectProblem(invalid, 400, 'VALIDATION_FAILED');
      for (const field of ['carrier', 'tracking_number', 'extra']) expect(JSON.stringify(invalid.body)).toContain(field);
      const sellerOnly = seedOrders().find(
        (candidate) => candidate.status === 'paid' && candidate.fulfilmentPartnerId !== 'acme' && isPartnersOrder('acme', candidate),
      )!;
      expectProblem(await ship(sellerOnly.id, randomUUID(), { carrier: 'DPD', tracking_number: 'TRK1' }), 403, 'FORBIDDEN');
      const notAcmes = seedOrders().find((candidate) => !isPartnersOrder('acme', candidate))!;
      expectProblem(await ship(notAcmes.id, randomUUID(), { carrier: 'DPD', tracking_number: 'TRK1' }), 404, 'NOT_FOUND');
    });
  });

  describe('strict degradation', () => {
    const faults = (app: 'product-service' | 'order-service', method: string, body?: unknown): Promise<Response> =>
      fetch(`${stack.urls[app]}/__admin/faults`, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    afterEach(async () => {
      await faults('product-service', 'DELETE');
      await faults('order-service', 'DELETE');
    });

    it('answers 503 with Retry-After, never a partial list, when a backend the answer needs fails', async () => {
      expect((await faults('product-service', 'PUT', { errorRate: 1 })).status).toBe(200);
      const products503 = await partnerCall(base, '/v1/products?limit=5', { apiKey: acme.api_key });
      expectProblem(products503, 503, 'BACKEND_UNAVAILABLE');
      expect(Number(products503.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await faults('order-service', 'PUT', { errorRate: 1 })).status).toBe(200);
      const orders503 = await partnerCall(base, '/v1/orders?limit=5', { apiKey: acme.api_key });
      expectProblem(orders503, 503, 'BACKEND_UNAVAILABLE');
    });
  });
});
