import { FakeService, json } from '../../test-support/fake-service';
import { orderPayload } from '../../test-support/fixtures';
import { testOptions, testRuntime, type TestRuntime } from '../../test-support/runtime';
import { OrdersClient } from './orders.client';

describe('OrdersClient', () => {
  let fake: FakeService;
  let env: TestRuntime;
  let orders: OrdersClient;
  const as = { identity: { accessToken: 'user-token' } };

  beforeAll(async () => (fake = await FakeService.start()));
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    env = testRuntime(testOptions(fake.url));
    orders = new OrdersClient(env.runtime);
  });
  afterEach(() => env.runtime.onModuleDestroy());

  it('lists a page with only the filters given', async () => {
    fake.reply((_req, res) => json(res, 200, { items: [orderPayload('o_1')], nextCursor: 'c2', totalCount: 31 }));
    const page = await orders.list({ userId: 'u_0001', status: 'paid', offset: 20, limit: 10, cursor: undefined }, as);
    expect(page).toMatchObject({ nextCursor: 'c2', totalCount: 31 });
    expect(page.items[0]).toMatchObject({ id: 'o_1', status: 'paid', total: { amount: 1000, currency: 'EUR' } });
    expect(fake.requests[0].path).toBe('/orders');
    expect(Object.fromEntries(fake.requests[0].query)).toEqual({ userId: 'u_0001', status: 'paid', offset: '20', limit: '10' });
  });

  it('gets one order, encoding the id into the path', async () => {
    fake.reply((_req, res) => json(res, 200, orderPayload('o 1')));
    expect((await orders.get('o 1', as)).id).toBe('o 1');
    expect(fake.requests[0].path).toBe('/orders/o%201');
  });

  it("gets a user's own order, and answers another user's order as not found, like one that does not exist", async () => {
    fake.reply((_req, res) => json(res, 200, { ...orderPayload('o_7'), userId: 'u_0001' }));
    expect((await orders.getOwned('u_0001', 'o_7', as)).id).toBe('o_7');
    await expect(orders.getOwned('u_0002', 'o_7', as)).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND', details: { order: 'o_7' } });
  });

  it("asks for a partner's order with the partner named, and passes the service's 404 for another's on", async () => {
    fake.reply((req, res) =>
      req.query.get('partnerId') === 'acme'
        ? json(res, 200, orderPayload('o_7'))
        : json(res, 404, { error: { code: 'NOT_FOUND', message: 'no' } }),
    );
    expect((await orders.getForPartner('acme', 'o_7', as)).id).toBe('o_7');
    expect(fake.requests[0].query.get('partnerId')).toBe('acme');
    await expect(orders.getForPartner('globex', 'o_7', as)).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('records a shipment event once, with its body', async () => {
    fake.reply((_req, res) => json(res, 200, orderPayload('o_7', { status: 'shipped' })));
    const input = { carrier: 'DPD', trackingNumber: 'TRK1', event: { description: 'Collected' }, status: 'shipped' as const };
    expect((await orders.addShipmentEvent('o_7', input, as)).status).toBe('shipped');
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/orders/o_7/shipments' });
    expect(JSON.parse(fake.requests[0].body)).toEqual(input);
  });

  it('refuses an id that would climb out of the route', async () => {
    await expect(orders.get('..', as)).rejects.toMatchObject({ status: 400, code: 'DOWNSTREAM_PATH_REFUSED' });
    expect(fake.requests).toHaveLength(0);
  });

  it('returns order counts from stats', async () => {
    fake.reply((_req, res) =>
      json(res, 200, { userId: 'u_0001', counts: { pending: 1, paid: 2, shipped: 3, delivered: 4, cancelled: 5 }, total: 15 }),
    );
    expect(await orders.stats('u_0001', as)).toEqual({ pending: 1, paid: 2, shipped: 3, delivered: 4, cancelled: 5 });
    expect(fake.requests[0].query.get('userId')).toBe('u_0001');
  });

  it('creates an order once, with its idempotency key, and says whether it was a replay', async () => {
    fake.reply((req, res) =>
      json(
        res,
        req.headers['idempotency-key'] === 'again' ? 200 : 201,
        orderPayload('o_new', { status: 'pending' }),
        req.headers['idempotency-key'] === 'again' ? { 'idempotent-replayed': 'true' } : {},
      ),
    );
    const input = { userId: 'u_0001', items: [{ productId: 'p_0001', quantity: 2 }], shippingAddressId: 'a1' };
    expect(await orders.create(input, { ...as, idempotencyKey: 'first' })).toMatchObject({ order: { id: 'o_new' }, replayed: false });
    expect(await orders.create(input, { ...as, idempotencyKey: 'again' })).toMatchObject({ replayed: true });
    await orders.create(input, as);
    expect(fake.requests.map((r) => r.headers['idempotency-key'])).toEqual(['first', 'again', undefined]);
    expect(JSON.parse(fake.requests[0].body)).toEqual(input);
  });

  it('refuses a malformed idempotency key before calling', async () => {
    const input = { userId: 'u_0001', items: [], shippingAddressId: 'a1' };
    await expect(orders.create(input, { ...as, idempotencyKey: 'has space' })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: { fields: [expect.objectContaining({ field: 'Idempotency-Key' })] },
    });
    await expect(orders.create(input, { ...as, idempotencyKey: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(fake.requests).toHaveLength(0);
  });

  it('never retries a failed create', async () => {
    fake.reply((_req, res) => json(res, 503, { error: { code: 'INJECTED_FAULT' } }));
    await expect(
      orders.create({ userId: 'u_0001', items: [{ productId: 'p_0001', quantity: 1 }], shippingAddressId: 'a1' }, as),
    ).rejects.toMatchObject({
      status: 503,
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('cancels, passing a 409 ORDER_NOT_CANCELLABLE on', async () => {
    fake.reply((_req, res) => json(res, 200, orderPayload('o_1', { status: 'cancelled' })));
    expect((await orders.cancel('o_1', as)).status).toBe('cancelled');
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/orders/o_1/cancel' });
    fake.reply((_req, res) => json(res, 409, { error: { code: 'ORDER_NOT_CANCELLABLE', message: 'Order o_1 has shipped' } }));
    await expect(orders.cancel('o_1', as)).rejects.toMatchObject({
      status: 409,
      code: 'ORDER_NOT_CANCELLABLE',
      message: 'Order o_1 has shipped',
    });
    expect(fake.requests).toHaveLength(2);
  });
});
