import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Order } from '@facet/domain';
import { startStack, type RunningStack } from '@facet/testing';
import { SignJWT, generateKeyPair } from 'jose';
import type { HomeView } from '../../apps/mobile-bff/src/home/home.view';
import type { OrderDetailView, OrderListView, OrderRowView } from '../../apps/mobile-bff/src/orders/orders.view';
import { ALL_MOBILE_SCOPES, type MobileAnswer, type MobileCall, groundTruthToken, mobileCall, phoneToken, rawGet } from './mobile-api';

/**
 * mobile-bff's screens against the real stack, with real tokens from a scripted PKCE login of the mobile app: auth
 * and scopes, each screen's exact fields, the cursor walk, sparse fieldsets, conditional GET, compression,
 * degradation, and the token exchange behind it all.
 */

const ROW_FIELDS = ['createdAt', 'id', 'itemCount', 'status', 'thumbnailUrl', 'total'];
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

type Backend = 'order-service' | 'product-service' | 'user-service';

interface ErrorBody {
  error: { status: number; code: string; message: string; details?: { fields?: { field: string; problems: string[] }[] } };
}

const sorted = (value: object): string[] => Object.keys(value).sort();

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the awaited log line never came');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('mobile-bff: lean screens for the phone, over the real backend world', () => {
  let stack: RunningStack;
  let mobile: string;
  let ada: string;
  let grace: string;
  let adaReadOnly: string;
  let serviceToken: string;
  /** dev-idp's token endpoint requests (logins and exchanges), from its request log. */
  const tokenRequests: string[] = [];

  async function call<T = unknown>(path: string, init: MobileCall = {}): Promise<MobileAnswer<T>> {
    const answer = await mobileCall<T>(mobile, path, { token: ada, ...init });
    // Whatever the screen, the phone never receives a token (the exchanged one stays in the BFF).
    expect(JWT.test(answer.text) || JWT.test([...answer.headers].map(([name, value]) => `${name}: ${value}`).join('\n'))).toBe(false);
    return answer;
  }

  async function backendOrders(userId: string): Promise<Order[]> {
    const all: Order[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `userId=${userId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await fetch(`${stack.urls['order-service']}/orders?${query}`, { headers: { authorization: `Bearer ${serviceToken}` } });
      const page = (await res.json()) as { items: Order[]; nextCursor: string | null };
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  const admin = (app: Backend, path: string, method: string, body?: unknown): Promise<Response> =>
    fetch(`${stack.urls[app]}/__admin/${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const login = (email: string, scope = ALL_MOBILE_SCOPES): Promise<string> => phoneToken(stack.urls['dev-idp'], email, scope);

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'mobile-bff'],
      // Products revalidate at once, so a failing product service is seen on the next request.
      // dev-idp's request log counts its token endpoint's requests (logins and exchanges).
      env: { 'mobile-bff': { PRODUCT_CACHE_TTL_MS: '1' }, 'dev-idp': { LOG_LEVEL: 'info', LOG_FORMAT: 'json' } },
      onLog: (app, line) => {
        if (app === 'dev-idp' && line.includes('"path":"/token"') && line.includes('request completed')) tokenRequests.push(line);
      },
    });
    mobile = stack.urls['mobile-bff'];
    [ada, grace, adaReadOnly] = await Promise.all([
      login('ada@example.test'),
      login('grace@example.test'),
      login('ada@example.test', 'openid orders:read products:read'),
    ]);
    serviceToken = await groundTruthToken(stack.urls['dev-idp']);
  });

  afterAll(() => stack?.stop());

  describe('bearer auth', () => {
    it('answers 401 with a bare Bearer challenge to a request without a token', async () => {
      const res = await call<ErrorBody>('/v1/home', { token: undefined });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('answers 401 invalid_token to garbage, a forged signature and a token meant for the backends', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ sub: 'u_0001', client_id: 'facet-mobile', scope: ALL_MOBILE_SCOPES })
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' })
        .setIssuer(stack.urls['dev-idp'])
        .setAudience('urn:facet:mobile-bff')
        .setExpirationTime('5m')
        .sign(privateKey);
      for (const token of ['not-a-token', forged, serviceToken]) {
        const res = await call<ErrorBody>('/v1/home', { token });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      }
      const basic = await call<ErrorBody>('/v1/home', { token: undefined, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      expect(basic.status).toBe(401);
    });

    it('answers 403 insufficient_scope, naming the missing scopes, to a token without a route’s scopes', async () => {
      const home = await call<ErrorBody>('/v1/home', { token: adaReadOnly });
      expect(home.status).toBe(403);
      expect(home.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="users:read"');
      const create = await call<ErrorBody>('/v1/orders', {
        token: adaReadOnly,
        method: 'POST',
        body: {},
        headers: { 'idempotency-key': 'k' },
      });
      expect(create.status).toBe(403);
      expect(create.body.error.code).toBe('INSUFFICIENT_SCOPE');
      expect((await call('/v1/orders', { token: adaReadOnly })).status).toBe(200);
    });

    it('serves health without a token', async () => {
      expect((await fetch(`${mobile}/health/live`)).status).toBe(200);
    });
  });

  describe('GET /v1/home', () => {
    it('holds the first name, up to 3 recent orders with exactly their five fields, and the active-order count', async () => {
      const { status, body, headers } = await call<HomeView>('/v1/home');
      expect(status).toBe(200);
      expect(sorted(body)).toEqual(['activeOrderCount', 'firstName', 'recentOrders']);
      expect(body.firstName).toBe('Ada');
      const orders = await backendOrders('u_0001');
      expect(body.recentOrders.map((o) => o.id)).toEqual(orders.slice(0, 3).map((o) => o.id));
      for (const row of body.recentOrders) {
        expect(sorted(row)).toEqual(['id', 'itemCount', 'status', 'thumbnailUrl', 'total']);
        expect(Number.isInteger(row.total.amount) && /^[A-Z]{3}$/.test(row.total.currency)).toBe(true);
        expect(row.thumbnailUrl).toMatch(/^https:\/\/images\.facet\.test\/products\/p_\d+\/thumbnail\.jpg$/);
      }
      expect(body.activeOrderCount).toBe(orders.filter((o) => ['pending', 'paid', 'shipped'].includes(o.status)).length);
      expect(headers.get('cache-control')).toBe('private, max-age=10');
      // A phone's cache shared by two accounts keeps their screens apart.
      expect(headers.get('vary')).toMatch(/Authorization/);
    });
  });

  describe('GET /v1/orders', () => {
    it("walks the caller's whole history page by page: stable order, no duplicate, no gap, minimal rows", async () => {
      const expected = (await backendOrders('u_0001')).map((o) => o.id);
      expect(expected.length).toBeGreaterThan(20);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const path: string = `/v1/orders?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const { status, body }: MobileAnswer<OrderListView> = await call<OrderListView>(path);
        expect(status).toBe(200);
        expect(sorted(body)).toEqual(['items', 'nextCursor']);
        for (const row of body.items) expect(sorted(row)).toEqual(ROW_FIELDS);
        seen.push(...body.items.map((row) => row.id as string));
        cursor = body.nextCursor;
        pages++;
      } while (cursor);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBe(Math.ceil(expected.length / 7));
    });

    it('refuses an edited, made-up, foreign or repeated cursor with 400 naming the cursor', async () => {
      const first = await call<OrderListView>('/v1/orders?limit=5');
      const cursor = first.body.nextCursor as string;
      const [keyId, payload, mac] = cursor.split('.');
      const edited = `${keyId}.${Buffer.from(JSON.stringify('forged')).toString('base64url')}.${mac}`;
      const graces = (await mobileCall<OrderListView>(mobile, '/v1/orders?limit=5', { token: grace })).body.nextCursor as string;
      for (const bad of [edited, `${keyId}.${payload}.${mac.slice(1)}x`, 'garbage', graces]) {
        const res = await call<ErrorBody>(`/v1/orders?cursor=${encodeURIComponent(bad)}`);
        expect(res.status).toBe(400);
        expect(res.body.error.details?.fields?.[0].field).toBe('cursor');
      }
      const twice = await call<ErrorBody>(`/v1/orders?cursor=${encodeURIComponent(cursor)}&cursor=${encodeURIComponent(cursor)}`);
      expect(twice.status).toBe(400);
    });

    it('returns only the fields asked for, and names the allowed ones for an unknown field', async () => {
      const { body } = await call<OrderListView>('/v1/orders?limit=3&fields=id,status,total');
      for (const row of body.items) expect(sorted(row)).toEqual(['id', 'status', 'total']);
      const bad = await call<ErrorBody>('/v1/orders?fields=id,secret');
      expect(bad.status).toBe(400);
      expect(bad.body.error.details?.fields?.[0]).toEqual({
        field: 'fields',
        problems: ['fields may only name id, status, createdAt, total, itemCount, thumbnailUrl (got "secret")'],
      });
      expect((await call<ErrorBody>('/v1/orders?fields=')).status).toBe(400);
      expect((await call<ErrorBody>('/v1/orders?limit=0')).status).toBe(400);
      expect((await call<ErrorBody>('/v1/orders?limit=7&page=2')).status).toBe(400);
    });
  });

  describe('GET /v1/orders/:id', () => {
    it('answers a compact detail with phone-sized images', async () => {
      const [order] = await backendOrders('u_0001');
      const { status, body } = await call<OrderDetailView>(`/v1/orders/${order.id}`);
      expect(status).toBe(200);
      expect(sorted(body)).toEqual([
        'canCancel',
        'createdAt',
        'id',
        'itemCount',
        'items',
        'shipTo',
        'status',
        'total',
        'tracking',
        'updatedAt',
      ]);
      expect(body.total).toEqual(order.total);
      for (const line of body.items) {
        expect(sorted(line)).toEqual(['imageUrl', 'lineTotal', 'name', 'productId', 'quantity', 'unitPrice']);
        expect(line.imageUrl).toMatch(/\/small\.jpg$/);
      }
      const picked = await call<Partial<OrderDetailView>>(`/v1/orders/${order.id}?fields=id,status`);
      expect(picked.body).toEqual({ id: order.id, status: order.status });
    });

    it("answers another user's order, and one that does not exist, with the same 404; a malformed id with 400", async () => {
      const [gracesOrder] = await backendOrders('u_0002');
      const foreign = await call<ErrorBody>(`/v1/orders/${gracesOrder.id}`);
      const missing = await call<ErrorBody>('/v1/orders/o_999999999');
      expect([foreign.status, missing.status]).toEqual([404, 404]);
      expect(foreign.body.error.code).toBe(missing.body.error.code);
      expect((await call<ErrorBody>('/v1/orders/stats')).status).toBe(400);
    });
  });

  describe('conditional GET', () => {
    // fetch adds `Cache-Control: no-cache` to a request with If-None-Match, as a browser would: validation still holds.
    it('tags every screen and answers a matching If-None-Match with 304 and no body', async () => {
      for (const path of ['/v1/home', '/v1/orders?limit=5']) {
        const first = await call(path);
        const etag = first.headers.get('etag') as string;
        expect(etag).toMatch(/^W\/"[\w-]+"$/);
        const again = await call(path, { headers: { 'if-none-match': etag } });
        expect(again.status).toBe(304);
        expect(again.text).toBe('');
        expect(again.headers.get('etag')).toBe(etag);
        expect((await call(path, { headers: { 'if-none-match': 'W/"something-else"' } })).status).toBe(200);
      }
    });

    it("gives another user's answer another tag", async () => {
      const adas = (await call('/v1/home')).headers.get('etag');
      const graces = (await mobileCall(mobile, '/v1/home', { token: grace })).headers.get('etag');
      expect(adas).not.toBe(graces);
    });
  });

  describe('compression', () => {
    const url = (): string => `${mobile}/v1/orders?limit=50`;
    const auth = (): Record<string, string> => ({ authorization: `Bearer ${ada}` });

    it('prefers br, falls back to gzip, sends identity when asked for nothing, and always says Vary: Accept-Encoding', async () => {
      const plain = await rawGet(url(), auth());
      expect(plain.headers['content-encoding']).toBeUndefined();
      const br = await rawGet(url(), { ...auth(), 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      const gzip = await rawGet(url(), { ...auth(), 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      for (const answer of [plain, br, gzip]) expect(String(answer.headers.vary)).toMatch(/Accept-Encoding/i);
      expect(brotliDecompressSync(br.body).toString()).toBe(plain.body.toString());
      expect(gunzipSync(gzip.body).toString()).toBe(plain.body.toString());
      expect(br.body.length * 3).toBeLessThan(plain.body.length);
      // The tag names the content, whatever its coding.
      expect(br.headers.etag).toBe(plain.headers.etag);
    });

    it('leaves a small body uncompressed', async () => {
      const small = await rawGet(`${mobile}/v1/orders?limit=1&fields=id`, { ...auth(), 'accept-encoding': 'br, gzip' });
      expect(small.status).toBe(200);
      expect(small.headers['content-encoding']).toBeUndefined();
    });
  });

  describe('degradation: a backend fails, the screen answers with what it has', () => {
    afterEach(async () => {
      await Promise.all((['order-service', 'product-service', 'user-service'] as const).map((app) => admin(app, 'faults', 'DELETE')));
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { status, body } = await call<HomeView>('/v1/home');
        if (status === 200 && body.degraded === undefined) return;
        if (Date.now() > deadline) throw new Error(`home did not recover: ${status}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    });

    it('names the missing part, is never cached and is never confirmed by a 304', async () => {
      const whole = await call<HomeView>('/v1/home');
      expect((await admin('user-service', 'faults', 'PUT', { errorRate: 1 })).status).toBe(200);
      const partial = await call<HomeView>('/v1/home', { headers: { 'if-none-match': whole.headers.get('etag') as string } });
      expect(partial.status).toBe(200);
      expect(partial.body.firstName).toBeNull();
      expect(partial.body.degraded).toEqual([{ part: 'user', reason: 'unavailable' }]);
      expect(partial.body.recentOrders).toEqual(whole.body.recentOrders);
      expect(partial.headers.get('etag')).toBeNull();
      expect(partial.headers.get('cache-control')).toBe('no-store');
      const again = await call<HomeView>('/v1/home', { headers: { 'if-none-match': '*' } });
      expect(again.status).toBe(200);
    });

    it('keeps the order list going with its products marked when the product service fails', async () => {
      await call('/v1/orders?limit=5');
      expect((await admin('product-service', 'faults', 'PUT', { errorRate: 1 })).status).toBe(200);
      const { status, body } = await call<OrderListView>('/v1/orders?limit=5');
      expect(status).toBe(200);
      expect(body.items).toHaveLength(5);
      expect(body.degraded?.map((part) => part.part)).toEqual(['products']);
      expect(body.items.every((row: Partial<OrderRowView>) => typeof row.id === 'string')).toBe(true);
    });
  });

  describe('the token exchange behind the screens', () => {
    it('exchanges a new token once, however many requests and backend calls it serves', async () => {
      const beforeLogin = tokenRequests.length;
      const token = await login('grace@example.test');
      // The login's own code exchange reaches the log a moment after its answer: counted from after it.
      await waitFor(() => tokenRequests.length > beforeLogin);
      const before = tokenRequests.length;
      for (const path of ['/v1/home', '/v1/orders?limit=5', '/v1/home', '/v1/orders?limit=2']) {
        expect((await mobileCall(mobile, path, { token })).status).toBe(200);
      }
      await waitFor(() => tokenRequests.length > before);
      // Any further exchange happened before its screen answered; its log line would be here within moments.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(tokenRequests.length - before).toBe(1);
    });

    it('never sends the app’s token to a backend: the order service refuses it', async () => {
      const res = await fetch(`${stack.urls['order-service']}/orders?userId=u_0001`, { headers: { authorization: `Bearer ${ada}` } });
      expect(res.status).toBe(401);
    });
  });
});
