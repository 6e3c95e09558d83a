import { type RunningStack, clientCredentialsToken, startStack } from '@facet/testing';
import { type Answer, BACKEND_SCOPES, call, serviceToken, userLogin } from './reference-world.helpers';

type ServiceApp = 'product-service' | 'user-service' | 'order-service';

/** Every read route of the services (docs/reference-world.md) and the one scope it asks for. */
const READS: readonly (readonly [ServiceApp, string, string])[] = [
  ['product-service', '/products?ids=p_0001,p_0002', 'products:read'],
  ['product-service', '/products?category=books&limit=5', 'products:read'],
  ['product-service', '/products/p_0001', 'products:read'],
  ['product-service', '/categories', 'products:read'],
  ['user-service', '/users?ids=u_0001,u_0002', 'users:read'],
  ['user-service', '/users/u_0001', 'users:read'],
  ['order-service', '/orders?limit=5', 'orders:read'],
  ['order-service', '/orders/stats', 'orders:read'],
  ['order-service', '/orders/o_00001', 'orders:read'],
];

const WRITER = 'orders:read orders:write';

/** Every backend scope but these: a token that may do everything else. */
const allBut = (...left: string[]): string =>
  BACKEND_SCOPES.split(' ')
    .filter((scope) => !left.includes(scope))
    .join(' ');

/**
 * Least privilege at the reference services, with real tokens from dev-idp: every route asks for its backend
 * scope, a token without it gets 403 INSUFFICIENT_SCOPE naming what is missing, partner tokens reach nothing, and a
 * token that may only read changes nothing.
 */
describe('reference world: scopes', () => {
  let stack: RunningStack;
  let issuer: string;
  const serviceTokens = new Map<string, Promise<string>>();

  /** A service token (client credentials) with exactly these scopes, fetched once per list. */
  const tokenWith = (scope: string): Promise<string> => {
    if (!serviceTokens.has(scope)) serviceTokens.set(scope, serviceToken(issuer, scope));
    return serviceTokens.get(scope)!;
  };
  const at = (app: ServiceApp, path: string): string => `${stack.urls[app]}${path}`;
  const orders = (path: string): string => at('order-service', path);
  const newOrder = (userId: string) => ({ userId, items: [{ productId: 'p_0010', quantity: 1 }], shippingAddressId: `${userId}_a1` });
  const createOrder = async (userId: string): Promise<string> => {
    const created = await call(orders('/orders'), { token: await tokenWith(WRITER), method: 'POST', body: newOrder(userId) });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const totalOrders = async (): Promise<number> =>
    (await call(orders('/orders/stats'), { token: await tokenWith('orders:read') })).body.total as number;
  const statusOf = async (id: string): Promise<string> =>
    (await call(orders(`/orders/${id}`), { token: await tokenWith('orders:read') })).body.status as string;

  const expectInsufficientScope = (answer: Answer, ...missing: string[]): void => {
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ status: 403, code: 'INSUFFICIENT_SCOPE', details: { missingScopes: missing } });
    expect(answer.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_scope", scope="${missing.join(' ')}"`);
  };

  beforeAll(async () => {
    stack = await startStack({ apps: ['dev-idp', 'user-service', 'product-service', 'order-service'] });
    issuer = stack.urls['dev-idp'];
  });

  afterAll(() => stack?.stop());

  it.each(READS)(
    '%s GET %s asks for %s: refused to a token with every other scope, served to one with just it',
    async (app, path, scope) => {
      expectInsufficientScope(await call(at(app, path), { token: await tokenWith(allBut(scope)) }), scope);
      expect((await call(at(app, path), { token: await tokenWith(scope) })).status).toBe(200);
    },
  );

  it('refuses every route to a token that asked for no scope', async () => {
    const { access_token: token } = await clientCredentialsToken({
      issuer,
      clientId: 'facet-mobile-bff',
      clientSecret: 'dev-only-mobile-bff-secret',
    });
    for (const [app, path, scope] of READS) expectInsufficientScope(await call(at(app, path), { token }), scope);
  });

  describe('order writes: orders:write on top of orders:read', () => {
    it('POST /orders creates nothing without either, and creates the order with both', async () => {
      const before = await totalOrders();
      const create = async (scope: string) =>
        call(orders('/orders'), { token: await tokenWith(scope), method: 'POST', body: newOrder('u_0003') });
      expectInsufficientScope(await create(allBut('orders:write')), 'orders:write');
      expectInsufficientScope(await create(allBut('orders:read')), 'orders:read');
      expect(await totalOrders()).toBe(before);
      const created = await create(WRITER);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ userId: 'u_0003', status: 'pending' });
      expect(await totalOrders()).toBe(before + 1);
    });

    it('POST /orders/:id/cancel leaves the order pending without either, and cancels it with both', async () => {
      const id = await createOrder('u_0003');
      const cancel = async (scope: string) => call(orders(`/orders/${id}/cancel`), { token: await tokenWith(scope), method: 'POST' });
      expectInsufficientScope(await cancel(allBut('orders:write')), 'orders:write');
      expectInsufficientScope(await cancel(allBut('orders:read')), 'orders:read');
      expect(await statusOf(id)).toBe('pending');
      const cancelled = await cancel(WRITER);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
    });

    it('POST /orders/:id/shipments leaves the order paid without either, and ships it with both', async () => {
      const paid = await call(orders('/orders?status=paid&limit=1'), { token: await tokenWith('orders:read') });
      const id = paid.body.items[0].id as string;
      const ship = async (scope: string) =>
        call(orders(`/orders/${id}/shipments`), {
          token: await tokenWith(scope),
          method: 'POST',
          body: { carrier: 'DPD', event: { description: 'Collected' }, status: 'shipped' },
        });
      expectInsufficientScope(await ship(allBut('orders:write')), 'orders:write');
      expectInsufficientScope(await ship(allBut('orders:read')), 'orders:read');
      expect(await statusOf(id)).toBe('paid');
      const shipped = await ship(WRITER);
      expect(shipped.status).toBe(200);
      expect(shipped.body.status).toBe('shipped');
    });
  });

  // A partner reaches data only through the partner BFF, which calls the services as itself: a partner's token is
  // for the partner API's audience, which no service accepts.
  it.each([
    ['partner-acme', 'dev-only-partner-acme-secret', 'partner:orders:read partner:products:read partner:shipments:write'],
    ['partner-globex', 'dev-only-partner-globex-secret', 'partner:products:read partner:orders:read'],
  ])("refuses %s's token (%s) on every route of every service", async (clientId, clientSecret, scope) => {
    const { access_token: token } = await clientCredentialsToken({ issuer, clientId, clientSecret, scope });
    for (const [app, path] of READS) {
      const answer = await call(at(app, path), { token });
      expect(answer.status).toBe(401);
      expect(JSON.stringify(answer.body)).toContain('aud');
    }
    const before = await totalOrders();
    expect((await call(orders('/orders'), { token, method: 'POST', body: newOrder('u_0003') })).status).toBe(401);
    expect(await totalOrders()).toBe(before);
  });

  it("lets a user's read-only token read that user's orders, but neither create nor cancel one", async () => {
    const { access_token: ada } = await userLogin(issuer, 'ada@example.test', allBut('orders:write'));
    const read = (path: string) => call(orders(path), { token: ada });
    const ownTotal = async (): Promise<number> => (await read('/orders/stats')).body.total as number;

    expect((await read('/orders?limit=1')).status).toBe(200);
    const before = await ownTotal();
    expectInsufficientScope(await call(orders('/orders'), { token: ada, method: 'POST', body: newOrder('u_0001') }), 'orders:write');
    expect(await ownTotal()).toBe(before);

    const pending = await createOrder('u_0001');
    expectInsufficientScope(await call(orders(`/orders/${pending}/cancel`), { token: ada, method: 'POST' }), 'orders:write');
    expect((await read(`/orders/${pending}`)).body.status).toBe('pending');
  });
});
