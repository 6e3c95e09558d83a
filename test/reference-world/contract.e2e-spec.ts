import { type RunningStack, startStack } from '@facet/testing';
import { call, invalidFields, serviceToken, userLogin } from './reference-world.helpers';

/**
 * The backend contract (docs/reference-world.md) over real HTTP: dev-idp and the three services running as
 * processes, real tokens from real logins.
 */
describe('reference world: the backend contract', () => {
  let stack: RunningStack;
  let products: string;
  let users: string;
  let orders: string;
  let service: string;
  let ada: string;
  let grace: string;

  beforeAll(async () => {
    stack = await startStack({ apps: ['dev-idp', 'user-service', 'product-service', 'order-service'] });
    ({ 'product-service': products, 'user-service': users, 'order-service': orders } = stack.urls);
    const issuer = stack.urls['dev-idp'];
    const [serviceTokens, adaLogin, graceLogin] = await Promise.all([
      serviceToken(issuer),
      userLogin(issuer, 'ada@example.test'),
      userLogin(issuer, 'grace@example.test'),
    ]);
    service = serviceTokens;
    ada = adaLogin.access_token;
    grace = graceLogin.access_token;
  });

  afterAll(() => stack?.stop());

  describe('every service', () => {
    it.each([
      ['product-service', '/products/p_0001'],
      ['user-service', '/users/u_0001'],
      ['order-service', '/orders'],
    ] as const)(
      '%s refuses a request without a token with 401 and a Bearer challenge, but serves health (and metrics on its management port)',
      async (app, path) => {
        const refused = await call(`${stack.urls[app]}${path}`);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toBe('Bearer');
        expect(refused.body.error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', requestId: expect.any(String) });
        expect((await call(`${stack.urls[app]}/health/ready`)).status).toBe(200);
        expect((await fetch(`${stack.managementUrls[app]}/metrics`)).status).toBe(200);
      },
    );
  });

  describe('product-service', () => {
    it('answers a batch with exactly the asked ids, each once and in the order asked, listing the missing ones', async () => {
      const answer = await call(`${products}/products?ids=p_0005,p_9999,p_0001,p_0005,p_1200`, { token: ada });
      expect(answer.status).toBe(200);
      expect(answer.body.items.map((product: { id: string }) => product.id)).toEqual(['p_0005', 'p_0001', 'p_1200']);
      expect(answer.body.missing).toEqual(['p_9999']);
      expect(answer.body.items[0]).toMatchObject({ id: 'p_0005', price: { amount: expect.any(Number), currency: 'GBP' } });
    });

    it('searches a category page by page with an opaque cursor', async () => {
      const first = await call(`${products}/products?category=books&limit=60`, { token: service });
      expect(first.body.totalCount).toBe(100);
      const second = await call(`${products}/products?category=books&limit=60&cursor=${first.body.nextCursor}`, { token: service });
      const ids = [...first.body.items, ...second.body.items].map((product: { id: string; category: string }) => product.id);
      expect(new Set(ids).size).toBe(100);
      expect(second.body.nextCursor).toBeNull();
    });

    it('answers one product or 404, and the categories with their counts', async () => {
      expect((await call(`${products}/products/p_0042`, { token: ada })).body.id).toBe('p_0042');
      expect((await call(`${products}/products/p_0000`, { token: ada })).body.error).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      const categories = await call(`${products}/categories`, { token: ada });
      expect(categories.body.items).toContainEqual({ id: 'books', name: 'Books', productCount: 100 });
    });

    it.each([
      ['an empty id list', 'ids=', ['ids']],
      ['ids given twice (an array)', 'ids=p_0001&ids=p_0002', ['ids']],
      ['101 ids', `ids=${Array.from({ length: 101 }, (_, i) => `p_${i}`).join(',')}`, ['ids']],
      ['ids with search parameters', 'ids=p_0001&q=kettle', ['ids']],
      ['a limit that is not a number', 'limit=abc', ['limit']],
      ['a huge limit', 'limit=99999999999999999999', ['limit']],
      ['a limit given twice', 'limit=1&limit=2', ['limit']],
      ['a cursor it did not issue', 'cursor=bm90LWEtY3Vyc29y', ['cursor']],
      ['unknown parameters', 'colour=red&category[x]=1', ['colour', 'category[x]']],
    ])('refuses %s with 400 naming the field', async (_case, query, fields) => {
      const answer = await call(`${products}/products?${query}`, { token: ada });
      expect(invalidFields(answer).sort()).toEqual([...fields].sort());
    });
  });

  describe('user-service', () => {
    it("shows a user's token only that user, and a service token everyone", async () => {
      expect((await call(`${users}/users/u_0001`, { token: ada })).body).toMatchObject({ id: 'u_0001', email: 'ada@example.test' });
      expect((await call(`${users}/users/u_0002`, { token: ada })).status).toBe(404);
      expect((await call(`${users}/users?ids=u_0002,u_0001`, { token: ada })).body).toMatchObject({
        items: [{ id: 'u_0001' }],
        missing: ['u_0002'],
      });
      const batch = await call(`${users}/users?ids=u_0002,u_0001,u_0999`, { token: service });
      expect(batch.body.items.map((user: { id: string }) => user.id)).toEqual(['u_0002', 'u_0001']);
      expect(batch.body.missing).toEqual(['u_0999']);
    });

    it('refuses a batch without ids, naming the field', async () => {
      expect(invalidFields(await call(`${users}/users`, { token: service }))).toEqual(['ids']);
    });
  });

  describe('order-service', () => {
    const newOrder = { items: [{ productId: 'p_0010', quantity: 2 }], shippingAddressId: 'u_0001_a1' };
    const totalOrders = async (): Promise<number> => (await call(`${orders}/orders/stats`, { token: service })).body.total as number;

    it("lists a user's own orders newest first; another user's order is 404, a service reads any", async () => {
      const own = await call(`${orders}/orders?limit=100`, { token: ada });
      expect(own.body.totalCount).toBeGreaterThanOrEqual(20);
      expect(own.body.items.every((order: { userId: string }) => order.userId === 'u_0001')).toBe(true);
      const createdAt = own.body.items.map((order: { createdAt: string }) => order.createdAt);
      expect(createdAt).toEqual([...createdAt].sort().reverse());

      const adasOrder = own.body.items[0].id as string;
      const probed = await call(`${orders}/orders/${adasOrder}`, { token: grace });
      expect(probed.status).toBe(404);
      expect(probed.body.error.code).toBe('NOT_FOUND');
      expect((await call(`${orders}/orders/${adasOrder}`, { token: service })).body.userId).toBe('u_0001');
      expect((await call(`${orders}/orders?userId=u_0001`, { token: grace })).status).toBe(403);
    });

    it('pages by offset or by cursor, not both', async () => {
      const byOffset = await call(`${orders}/orders?userId=u_0002&offset=5&limit=5`, { token: service });
      const firstPage = await call(`${orders}/orders?userId=u_0002&limit=5`, { token: service });
      const byCursor = await call(`${orders}/orders?userId=u_0002&limit=5&cursor=${firstPage.body.nextCursor}`, { token: service });
      expect(byCursor.body.items).toEqual(byOffset.body.items);
      expect(invalidFields(await call(`${orders}/orders?offset=5&cursor=${firstPage.body.nextCursor}`, { token: service }))).toEqual([
        'offset',
      ]);
    });

    it('counts orders per status', async () => {
      const stats = await call(`${orders}/orders/stats`, { token: grace });
      expect(stats.body.userId).toBe('u_0002');
      expect(Object.keys(stats.body.counts).sort()).toEqual(['cancelled', 'delivered', 'paid', 'pending', 'shipped']);
      expect(Object.values(stats.body.counts as Record<string, number>).reduce((sum, count) => sum + count, 0)).toBe(stats.body.total);
    });

    it('creates an order once per idempotency key: a replay returns the same order, another body is 422', async () => {
      const before = await totalOrders();
      const key = `e2e-${Date.now()}-replay`;
      const created = await call(`${orders}/orders`, { token: ada, method: 'POST', body: newOrder, headers: { 'Idempotency-Key': key } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ userId: 'u_0001', status: 'pending', items: [{ productId: 'p_0010', quantity: 2 }] });
      expect(created.body.total.amount).toBe(created.body.items[0].unitPrice.amount * 2);

      const replayed = await call(`${orders}/orders`, { token: ada, method: 'POST', body: newOrder, headers: { 'Idempotency-Key': key } });
      expect(replayed.status).toBe(200);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(replayed.body).toEqual(created.body);

      const reused = await call(`${orders}/orders`, {
        token: ada,
        method: 'POST',
        body: { ...newOrder, items: [{ productId: 'p_0011', quantity: 1 }] },
        headers: { 'Idempotency-Key': key },
      });
      expect(reused.status).toBe(422);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await totalOrders()).toBe(before + 1);
    });

    it('creates one order for concurrent requests with the same key', async () => {
      const before = await totalOrders();
      const key = `e2e-${Date.now()}-concurrent`;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          call(`${orders}/orders`, { token: ada, method: 'POST', body: newOrder, headers: { 'Idempotency-Key': key } }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      expect(await totalOrders()).toBe(before + 1);
    });

    it.each([
      ['no items', { ...newOrder, items: [] }, ['items']],
      [
        'a quantity out of range and a string quantity',
        {
          ...newOrder,
          items: [
            { productId: 'p_0001', quantity: 0 },
            { productId: 'p_0002', quantity: '2' },
          ],
        },
        ['items.0.quantity', 'items.1.quantity'],
      ],
      ['an unknown product', { ...newOrder, items: [{ productId: 'p_9999', quantity: 1 }] }, ['items.0.productId']],
      ["another user's address", { ...newOrder, shippingAddressId: 'u_0002_a1' }, ['shippingAddressId']],
      ['unknown and mistyped fields', { ...newOrder, items: 'p_0001', admin: true }, ['admin', 'items']],
    ])('refuses an order with %s with 400 naming the fields', async (_case, body, fields) => {
      const answer = await call(`${orders}/orders`, { token: ada, method: 'POST', body });
      expect([...new Set(invalidFields(answer))].sort()).toEqual([...fields].sort());
    });

    it.each([
      ['POST /orders', '/orders', 'ada', newOrder],
      ['POST /orders/:id/cancel', '/orders/o_00100/cancel', 'ada', undefined],
      ['POST /orders/:id/shipments', '/orders/o_00100/shipments', 'service', { carrier: 'DPD', event: { description: 'In transit' } }],
    ] as const)('refuses unknown query parameters on %s with 400 naming them', async (_route, path, caller, body) => {
      const answer = await call(`${orders}${path}?admin=1`, { token: caller === 'ada' ? ada : service, method: 'POST', body });
      expect(invalidFields(answer)).toEqual(['admin']);
    });

    it('refuses a malformed body and a malformed idempotency key with 400', async () => {
      const malformed = await call(`${orders}/orders`, { token: ada, method: 'POST', body: '{"items": [' });
      expect(malformed.status).toBe(400);
      const badKey = await call(`${orders}/orders`, {
        token: ada,
        method: 'POST',
        body: newOrder,
        headers: { 'Idempotency-Key': 'x'.repeat(256) },
      });
      expect(invalidFields(badKey)).toEqual(['Idempotency-Key']);
    });

    it('cancels a pending order once; a second cancel is 409, and another user cannot see it', async () => {
      const created = await call(`${orders}/orders`, { token: ada, method: 'POST', body: newOrder });
      const path = `${orders}/orders/${created.body.id}/cancel`;
      expect((await call(path, { token: grace, method: 'POST' })).status).toBe(404);
      const cancelled = await call(path, { token: ada, method: 'POST' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      const again = await call(path, { token: ada, method: 'POST' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('ORDER_NOT_CANCELLABLE');
    });

    it('records shipment events from services only, moving the order to shipped', async () => {
      const paid = (await call(`${orders}/orders?userId=u_0002&status=paid&limit=1`, { token: service })).body.items[0];
      const event = { carrier: 'DPD', event: { description: 'Collected', location: 'Hub' }, status: 'shipped' };
      expect((await call(`${orders}/orders/${paid.id}/shipments`, { token: grace, method: 'POST', body: event })).status).toBe(403);
      const shipped = await call(`${orders}/orders/${paid.id}/shipments`, { token: service, method: 'POST', body: event });
      expect(shipped.status).toBe(200);
      expect(shipped.body).toMatchObject({
        status: 'shipped',
        shipment: { carrier: 'DPD', events: [{ description: 'Collected', location: 'Hub' }] },
      });
      const invalid = await call(`${orders}/orders/${paid.id}/shipments`, {
        token: service,
        method: 'POST',
        body: { carrier: 'DPD', event: 'Collected', status: 'lost' },
      });
      expect(invalidFields(invalid).sort()).toEqual(['event', 'status']);
    });
  });
});
