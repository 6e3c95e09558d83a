import { randomUUID } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import type { Product, User } from '@facet/domain';
import { type RunningStack, startStack } from '@facet/testing';
import type { CategoryListView, ProductDetailView, ProductListView } from '../../apps/mobile-bff/src/catalogue/catalogue.view';
import type { CheckoutView } from '../../apps/mobile-bff/src/checkout/checkout.view';
import type { OrderDetailView } from '../../apps/mobile-bff/src/orders/orders.view';
import type { ProfileView } from '../../apps/mobile-bff/src/profile/profile.view';
import { type MobileAnswer, type MobileCall, groundTruthToken, mobileCall, phoneToken, rawGet } from './mobile-api';

type Backend = 'order-service' | 'product-service' | 'user-service';

interface ErrorBody {
  error: { status: number; code: string; details?: { fields?: { field: string; problems: string[] }[] } };
}

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
const fieldsOf = (answer: MobileAnswer<ErrorBody>): string[] => (answer.body.error.details?.fields ?? []).map((f) => f.field).sort();

/**
 * The phone's shopping screens against the real stack, with the native app's PKCE token: a whole journey through
 * mobile-bff alone (find a product, check out, order, see it, cancel it), then each new screen's fields, caching,
 * compression, validation and degradation.
 */
describe('mobile-bff: the shop on a phone', () => {
  let stack: RunningStack;
  let mobile: string;
  let grace: string;
  let serviceToken: string;

  async function call<T = unknown>(path: string, init: MobileCall = {}): Promise<MobileAnswer<T>> {
    const answer = await mobileCall<T>(mobile, path, { token: grace, ...init });
    expect(JWT.test(answer.text) || JWT.test([...answer.headers].map(([name, value]) => `${name}: ${value}`).join('\n'))).toBe(false);
    return answer;
  }

  /** The ground truth the answers are checked against: the services themselves, asked as a trusted service. */
  async function backend<T>(app: Backend, path: string): Promise<T> {
    const response = await fetch(`${stack.urls[app]}${path}`, { headers: { authorization: `Bearer ${serviceToken}` } });
    if (!response.ok) throw new Error(`${app} ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }

  const faults = (app: Backend, method: string, body?: unknown): Promise<Response> =>
    fetch(`${stack.urls[app]}/__admin/faults`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const format = (amount: number, currency: string, locale: string): string =>
    new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 100);

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'mobile-bff'],
      // Products revalidate at once, so a failing product service is seen on the next request.
      env: { 'mobile-bff': { PRODUCT_CACHE_TTL_MS: '1' } },
    });
    mobile = stack.urls['mobile-bff'];
    grace = await phoneToken(stack.urls['dev-idp'], 'grace@example.test');
    serviceToken = await groundTruthToken(stack.urls['dev-idp']);
  });

  afterAll(() => stack?.stop());

  it('journey: finds a product, checks out, orders it, sees the order and cancels it, through mobile-bff alone', async () => {
    const categories = await call<CategoryListView>('/v1/categories');
    expect(categories.status).toBe(200);
    const kitchen = categories.body.items.find((category) => category.id === 'kitchen')!;
    expect(kitchen.productCount).toBeGreaterThan(0);

    // Find: a search in the category, one page after another until an in-stock kettle turns up.
    let found: ProductListView['items'][number] | undefined;
    let cursor: string | null = null;
    do {
      const query: string = `q=kettle&category=${kitchen.id}&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: MobileAnswer<ProductListView> = await call<ProductListView>(`/v1/products?${query}`);
      expect(page.status).toBe(200);
      found = page.body.items.find((row) => row.inStock);
      cursor = page.body.nextCursor;
    } while (!found && cursor);
    expect(found).toBeDefined();

    const product = await call<ProductDetailView>(`/v1/products/${found!.id}`);
    expect(product.status).toBe(200);
    expect(product.body).toMatchObject({ id: found!.id, name: found!.name, price: found!.price, inStock: true });
    expect(product.body.stock).toBeGreaterThan(1);

    const checkout = await call<CheckoutView>(`/v1/checkout?items=${found!.id}:2`);
    expect(checkout.status).toBe(200);
    expect(checkout.body).toMatchObject({ canPlaceOrder: true, itemCount: 2, lines: [{ productId: found!.id, quantity: 2 }] });
    expect(checkout.body.total!.amount).toBe(product.body.price.amount * 2);
    const shipTo = checkout.body.defaultShippingAddressId!;
    expect(checkout.body.shippingAddresses.map((address) => address.id)).toContain(shipTo);

    const placed = await call<OrderDetailView>('/v1/orders', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      body: { items: [{ productId: found!.id, quantity: 2 }], shippingAddressId: shipTo },
    });
    expect(placed.status).toBe(201);
    // The order costs what the checkout said it would.
    expect(placed.body.total.amount).toBe(checkout.body.total!.amount);
    expect(placed.body).toMatchObject({ status: 'pending', canCancel: true, items: [{ productId: found!.id, quantity: 2 }] });

    const seen = await call<OrderDetailView>(`/v1/orders/${placed.body.id}`);
    expect(seen.body).toMatchObject({ id: placed.body.id, status: 'pending' });

    const cancelled = await call<OrderDetailView>(`/v1/orders/${placed.body.id}/cancel`, {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', canCancel: false });
    expect((await call<OrderDetailView>(`/v1/orders/${placed.body.id}`)).body.status).toBe('cancelled');
    expect((await call<ProfileView>('/v1/profile?fields=orderCount')).body.orderCount).toBeGreaterThan(0);
  });

  describe('GET /v1/products', () => {
    it('walks a search to its end with signed cursors, rows priced in the user’s locale, exactly what the catalogue holds', async () => {
      const locale = (await backend<User & { preferences: { locale: string } }>('user-service', '/users/u_0002')).preferences.locale;
      const truth = await backend<{ items: Product[] }>('product-service', '/products?q=lamp&limit=100');
      const rows: ProductListView['items'] = [];
      let path: string | null = '/v1/products?q=lamp&limit=7';
      while (path) {
        const page: MobileAnswer<ProductListView> = await call<ProductListView>(path);
        rows.push(...page.body.items);
        path = page.body.nextCursor === null ? null : `/v1/products?q=lamp&limit=7&cursor=${encodeURIComponent(page.body.nextCursor)}`;
      }
      expect(rows.map((row) => row.id)).toEqual(truth.items.map((product) => product.id));
      const first = truth.items[0];
      expect(rows[0]).toEqual({
        id: first.id,
        name: first.name,
        thumbnailUrl: first.images.find((image) => image.variant === 'thumbnail')!.url,
        price: { ...first.price, formatted: format(first.price.amount, first.price.currency, locale) },
        inStock: first.stock > 0,
      });
    });

    it('refuses a cursor of another search or an edited one, and bad input, with 400 naming the field', async () => {
      const page = await call<ProductListView>('/v1/products?q=lamp&limit=2');
      const cursor = encodeURIComponent(page.body.nextCursor!);
      for (const [path, field] of [
        [`/v1/products?q=kettle&limit=2&cursor=${cursor}`, 'cursor'],
        [`/v1/products?q=lamp&limit=2&cursor=${cursor}x`, 'cursor'],
        [`/v1/products?q=${'x'.repeat(101)}`, 'q'],
        ['/v1/products?category=No!', 'category'],
        ['/v1/products?limit=101', 'limit'],
        ['/v1/products?fields=id,secret', 'fields'],
        ['/v1/products?sort=price', 'sort'],
      ]) {
        const answer = await call<ErrorBody>(path);
        expect({ path, status: answer.status, fields: fieldsOf(answer) }).toEqual({ path, status: 400, fields: [field] });
      }
    });

    it('returns only the fields asked for', async () => {
      const page = await call<ProductListView>('/v1/products?limit=3&fields=id,price');
      expect(page.body.items.map((row) => Object.keys(row).sort())).toEqual([
        ['id', 'price'],
        ['id', 'price'],
        ['id', 'price'],
      ]);
    });
  });

  describe('GET /v1/products/:id', () => {
    it('answers a product that does not exist with 404 and an id that is no product id with 400', async () => {
      expect((await call<ErrorBody>('/v1/products/p_99999')).body.error).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      for (const id of ['stats', 'o_00001', '..%2Fcategories']) {
        const answer = await call<ErrorBody>(`/v1/products/${id}`);
        expect({ id, status: answer.status, fields: fieldsOf(answer) }).toEqual({ id, status: 400, fields: ['id'] });
      }
    });

    it('answers 403 naming the scope to a token without users:read (prices are formatted for the user)', async () => {
      const readOnly = await phoneToken(stack.urls['dev-idp'], 'grace@example.test', 'openid products:read');
      const answer = await call<ErrorBody>('/v1/products/p_0001', { token: readOnly });
      expect(answer.status).toBe(403);
      expect(answer.headers.get('www-authenticate')).toContain('users:read');
      expect((await call<CategoryListView>('/v1/categories', { token: readOnly })).status).toBe(200);
    });
  });

  describe('GET /v1/checkout', () => {
    it('names the lines that cannot be ordered as they are, and says the order cannot be placed', async () => {
      const catalogue = (await backend<{ items: Product[] }>('product-service', '/products?limit=100')).items;
      const inStock = catalogue.find((product) => product.stock > 1)!;
      const soldOut = catalogue.find((product) => product.stock === 0)!;
      const answer = await call<CheckoutView>(`/v1/checkout?items=${inStock.id}:1,${soldOut.id}:1,p_99999:2`);
      expect(answer.status).toBe(200);
      expect(answer.body.lines.map((line) => line.problem)).toEqual([undefined, 'out-of-stock', 'unknown-product']);
      expect(answer.body).toMatchObject({ canPlaceOrder: false, total: null, itemCount: 4 });
    });

    it.each([
      ['no cart', ''],
      ['an empty cart', '?items='],
      ['a quantity of 0', '?items=p_0001:0'],
      ['a product twice', '?items=p_0001:1,p_0001:2'],
      ['an id that is no product id', '?items=o_00001:1'],
      ['a repeated parameter', '?items=p_0001:1&items=p_0002:1'],
    ])('refuses %s with 400 naming items', async (_case, query) => {
      const answer = await call<ErrorBody>(`/v1/checkout${query}`);
      expect({ status: answer.status, fields: fieldsOf(answer) }).toEqual({ status: 400, fields: ['items'] });
    });
  });

  describe('GET /v1/profile', () => {
    it('shows the user, their locale and currency, their addresses and how many orders they have', async () => {
      const user = await backend<{ displayName: string; email: string; addresses: { id: string; isDefault: boolean }[] }>(
        'user-service',
        '/users/u_0002',
      );
      const stats = await backend<{ total: number }>('order-service', '/orders/stats?userId=u_0002');
      const { status, body } = await call<ProfileView>('/v1/profile');
      expect(status).toBe(200);
      expect(body).toMatchObject({ displayName: user.displayName, email: user.email, orderCount: stats.total });
      expect(body.shippingAddresses.map((address) => address.id)).toEqual(user.addresses.map((address) => address.id));
      expect(body.defaultShippingAddressId).toBe(user.addresses.find((address) => address.isDefault)!.id);
      expect(body.degraded).toBeUndefined();
    });
  });

  describe('like every other screen', () => {
    const screens = ['/v1/products?q=lamp', '/v1/products/p_0001', '/v1/categories', '/v1/checkout?items=p_0001:1', '/v1/profile'];

    it.each(screens)('%s carries a weak ETag, answers a matching If-None-Match with 304, and is private to the account', async (path) => {
      const first = await call(path);
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers.get('cache-control')).toBe('private, max-age=10');
      expect(first.headers.get('vary')).toMatch(/Authorization/);
      const again = await call(path, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
    });

    it('compresses a large screen with br, the same content as identity', async () => {
      const url = `${mobile}/v1/products?limit=100`;
      const plain = await rawGet(url, { authorization: `Bearer ${grace}` });
      const br = await rawGet(url, { authorization: `Bearer ${grace}`, 'accept-encoding': 'br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.body).toString()).toBe(plain.body.toString());
      expect(br.body.length * 3).toBeLessThan(plain.body.length);
    });
  });

  describe('degradation: each part on its own', () => {
    afterEach(async () => {
      await Promise.all((['order-service', 'product-service', 'user-service'] as const).map((app) => faults(app, 'DELETE')));
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { status, body } = await call<CheckoutView>('/v1/checkout?items=p_0001:1');
        if (status === 200 && body.degraded === undefined) return;
        if (Date.now() > deadline) throw new Error(`the checkout did not recover: ${status}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    });

    it('without the user service: prices in the fallback locale, no addresses, nothing cached', async () => {
      expect((await faults('user-service', 'PUT', { errorRate: 1 })).status).toBe(200);
      const search = await call<ProductListView>('/v1/products?q=lamp&limit=1');
      expect(search.status).toBe(200);
      expect(search.body.degraded).toEqual([{ part: 'user', reason: 'unavailable' }]);
      expect(search.body.items[0].price!.formatted).toBe(format(search.body.items[0].price!.amount, 'GBP', 'en-GB'));
      expect(search.headers.get('etag')).toBeNull();
      expect(search.headers.get('cache-control')).toBe('no-store');

      const checkout = await call<CheckoutView>('/v1/checkout?items=p_0001:1');
      expect(checkout.body).toMatchObject({ shippingAddresses: [], defaultShippingAddressId: null, canPlaceOrder: false });
      expect(checkout.body.degraded).toEqual([{ part: 'shippingAddresses', reason: 'unavailable' }]);
      expect(checkout.body.lines[0].unitPrice).not.toBeNull();

      const profile = await call<ProfileView>('/v1/profile?fields=displayName');
      // A chosen fieldset never hides that the answer is partial.
      expect(profile.body).toEqual({ displayName: null, degraded: [{ part: 'user', reason: 'unavailable' }] });
      expect(profile.headers.get('etag')).toBeNull();
    });

    it('without the order service: the profile without its order count', async () => {
      expect((await faults('order-service', 'PUT', { errorRate: 1 })).status).toBe(200);
      const { status, body } = await call<ProfileView>('/v1/profile');
      expect(status).toBe(200);
      expect(body).toMatchObject({
        orderCount: null,
        displayName: expect.any(String),
        degraded: [{ part: 'orderCount', reason: 'unavailable' }],
      });
    });

    it('without the product service: a checkout of products never seen has no prices; a product seen before is served stale', async () => {
      await call('/v1/products/p_0001');
      expect((await faults('product-service', 'PUT', { errorRate: 1 })).status).toBe(200);
      const checkout = await call<CheckoutView>('/v1/checkout?items=p_0777:1');
      expect(checkout.status).toBe(200);
      expect(checkout.body).toMatchObject({ total: null, canPlaceOrder: false, lines: [{ productId: 'p_0777', name: null }] });
      expect(checkout.body.lines[0].problem).toBeUndefined();
      expect(checkout.body.degraded).toEqual([{ part: 'products', reason: 'unavailable' }]);
      const stale = await call<ProductDetailView>('/v1/products/p_0001');
      expect(stale.status).toBe(200);
      expect(stale.body.degraded).toEqual([{ part: 'product', reason: 'stale' }]);
      // The search is the screen itself: without the product service it is a 503, not an empty list.
      const search = await call<ErrorBody>('/v1/products?q=lamp');
      expect(search.status).toBe(503);
    });
  });
});
