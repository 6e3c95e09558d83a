import { randomUUID } from 'node:crypto';
import { CANCELLABLE_STATUSES, type Money, type Order, type Product } from '@facet/domain';
import { DEV_USER_PASSWORD, type SeedUser } from '@facet/sandbox';
import {
  CookieJar,
  STACK_APPS,
  clientCredentialsToken,
  completeIdpLogin,
  fetchWithCookies,
  startStack,
  webApi,
  type RunningStack,
} from '@facet/testing';
import type { DashboardView } from '../../apps/web-bff/src/dashboard/dashboard.view';
import type { NewOrderView } from '../../apps/web-bff/src/orders/new-order.view';
import type { OrderDetailView, OrdersPageView } from '../../apps/web-bff/src/orders/orders.view';
import type { ProductListView, ProductPageView } from '../../apps/web-bff/src/products/products.view';

/**
 * web-bff's page data against the real stack: what the browser's screens receive, how they degrade when a backend
 * fails, and that nothing but the session's own data (and never a token) comes back.
 */

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
const ADA = { id: 'u_0001', email: 'ada@example.test' };
const GRACE = { id: 'u_0002' };

type Backend = 'order-service' | 'product-service' | 'user-service';
const BACKENDS: readonly Backend[] = ['order-service', 'product-service', 'user-service'];

interface Answer<T> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

interface ProductPage {
  items: Product[];
  nextCursor: string | null;
  totalCount: number;
}

interface ErrorBody {
  error: {
    status: number;
    code: string;
    message: string;
    details?: { fields?: { field: string; problems: string[] }[] };
    requestId?: string;
  };
}

describe('web-bff: page data over the real backend world', () => {
  let stack: RunningStack;
  let web: string;
  let serviceToken: string;
  let ada: CookieJar;
  /** Every web-bff response this suite received, and whether it carried a JWT. */
  const seen: { what: string; leaked: boolean }[] = [];

  const carriesJwt = (response: Response, text: string): boolean =>
    JWT.test(text) || JWT.test([...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n'));

  /** Records a web-bff response and fails at once if its body or headers hold a JWT. */
  function inspect(what: string, response: Response, text: string): void {
    const leaked = carriesJwt(response, text);
    seen.push({ what, leaked });
    if (leaked) throw new Error(`${what} answered with a JWT in its body or headers`);
  }

  /** A browser's call to web-bff (session cookie, X-CSRF, JSON), recorded and checked for tokens. */
  async function api<T = unknown>(jar: CookieJar, path: string, init: RequestInit = {}): Promise<Answer<T>> {
    const response = await webApi(jar, `${web}${path}`, init);
    const text = await response.text();
    inspect(`${init.method ?? 'GET'} ${path}`, response, text);
    const json = (response.headers.get('content-type') ?? '').includes('application/json');
    return { status: response.status, headers: response.headers, text, body: (json ? JSON.parse(text) : undefined) as T };
  }

  const post = <T>(jar: CookieJar, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> =>
    api<T>(jar, path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body), headers });

  /** The browser's login through dev-idp's real login page, with web-bff's own responses inspected too. */
  async function login(email: string): Promise<CookieJar> {
    const jar = new CookieJar();
    const start = await fetchWithCookies(jar, `${web}/auth/login`);
    inspect('GET /auth/login', start, await start.text());
    expect(start.status).toBe(302);
    const callbackUrl = await completeIdpLogin({ authorizeUrl: start.headers.get('location')!, jar, email, password: DEV_USER_PASSWORD });
    const callback = await fetchWithCookies(jar, callbackUrl);
    inspect('GET /auth/callback', callback, await callback.text());
    expect(callback.status).toBe(303);
    return jar;
  }

  /** A backend call as a trusted service (client credentials): the ground truth the BFF's answers are checked against. */
  async function backend<T>(app: Backend, path: string): Promise<T> {
    const response = await fetch(`${stack.urls[app]}${path}`, { headers: { authorization: `Bearer ${serviceToken}` } });
    if (!response.ok) throw new Error(`${app} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  const admin = (app: Backend, path: string, method: string, body?: unknown): Promise<Response> =>
    fetch(`${stack.urls[app]}/__admin/${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function setFaults(app: Backend, faults: { errorRate?: number; hang?: boolean; latencyMs?: number }): Promise<void> {
    expect((await admin(app, 'faults', 'PUT', faults)).status).toBe(200);
  }

  async function resetFaults(): Promise<void> {
    await Promise.all(BACKENDS.map((app) => admin(app, 'faults', 'DELETE')));
  }

  async function resetStats(...apps: Backend[]): Promise<void> {
    await Promise.all(apps.map((app) => admin(app, 'stats', 'DELETE')));
  }

  async function statsOf(app: Backend): Promise<{ requests: Record<string, number>; total: number }> {
    return (await (await admin(app, 'stats', 'GET')).json()) as { requests: Record<string, number>; total: number };
  }

  /** How many orders the session's user has, as the orders page says. */
  async function orderCount(jar: CookieJar): Promise<number> {
    const page = await api<OrdersPageView>(jar, '/api/orders?pageSize=1');
    expect(page.status).toBe(200);
    return page.body.totalCount;
  }

  const adaUser = (): Promise<SeedUser> => backend<SeedUser>('user-service', `/users/${ADA.id}`);
  const adaOrders = async (query = 'limit=100'): Promise<Order[]> =>
    (await backend<{ items: Order[] }>('order-service', `/orders?userId=${ADA.id}&${query}`)).items;
  const productsById = async (ids: readonly string[]): Promise<Map<string, Product>> => {
    const unique = [...new Set(ids)];
    const batches = Array.from({ length: Math.ceil(unique.length / 100) }, (_, i) => unique.slice(i * 100, i * 100 + 100));
    const answers = await Promise.all(
      batches.map((batch) => backend<{ items: Product[] }>('product-service', `/products?ids=${batch.join(',')}`)),
    );
    return new Map(answers.flatMap(({ items }) => items.map((product): [string, Product] => [product.id, product])));
  };
  const format = (money: Money, locale: string): string =>
    new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(money.amount / 100);
  const fieldsOf = (answer: Answer<ErrorBody>): string[] => (answer.body.error.details?.fields ?? []).map((f) => f.field).sort();
  const standardError = (status: number, code: string) => ({
    error: expect.objectContaining({ status, code, message: expect.any(String), requestId: expect.any(String) }),
  });

  beforeAll(async () => {
    stack = await startStack({
      apps: STACK_APPS,
      // A 1 ms product cache: every page asks the product service again (so its calls can be counted and a failure
      // is seen at once), while the stale-if-error window (a day by default) still holds the last copy.
      // The default pass-through routes, plus the product search with three of its query parameters.
      env: {
        'web-bff': {
          PRODUCT_CACHE_TTL_MS: '1',
          PASSTHROUGH_ALLOWLIST: 'GET products /categories, GET products /products/:id, GET products /products?q&category&limit',
        },
      },
    });
    web = stack.urls['web-bff'];
    const tokens = await clientCredentialsToken({
      issuer: stack.urls['dev-idp'],
      clientId: 'facet-partner-bff',
      clientSecret: 'dev-only-partner-bff-secret',
      scope: 'orders:read products:read users:read',
    });
    serviceToken = tokens.access_token;
    ada = await login(ADA.email);
  });

  afterAll(() => stack?.stop());

  describe('GET /api/dashboard', () => {
    it('brings profile, the 5 newest orders with product details and counts that add up, in one round trip with nothing degraded', async () => {
      await resetStats(...BACKENDS);
      const { status, body } = await api<DashboardView>(ada, '/api/dashboard');
      expect(status).toBe(200);
      // One browser request; behind it one call per backend resource, the products of all five orders in one batch.
      // (Read before this test's own ground-truth calls to the backends below.)
      const calls = await Promise.all(BACKENDS.map(async (app) => [app, (await statsOf(app)).requests]));
      expect(Object.fromEntries(calls)).toEqual({
        'order-service': { 'GET /orders': 1, 'GET /orders/stats': 1 },
        'product-service': { 'GET /products': 1 },
        'user-service': { 'GET /users': 1 },
      });

      const user = await adaUser();
      const locale = user.preferences.locale;
      expect(body.user).toEqual({ id: ADA.id, displayName: user.displayName, email: ADA.email, loyaltyTier: user.loyalty.tier });
      // Addresses belong to the new-order screen (`/api/orders/new`), not to the dashboard's bytes.
      expect(body).not.toHaveProperty('shippingAddresses');

      const newest = await adaOrders('limit=5');
      expect(body.recentOrders.map((o) => o.id)).toEqual(newest.map((o) => o.id));
      expect(body.recentOrders).toHaveLength(5);
      const created = body.recentOrders.map((o) => Date.parse(o.createdAt));
      expect(created).toEqual([...created].sort((a, b) => b - a));

      const products = await productsById(newest.flatMap((o) => o.items.map((i) => i.productId)));
      for (const order of body.recentOrders) {
        expect(order.items.length).toBeGreaterThan(0);
        for (const item of order.items) {
          const product = products.get(item.productId)!;
          expect(item.name).toBe(product.name);
          expect(item.thumbnailUrl).toBe(product.images.find((image) => image.variant === 'thumbnail')!.url);
          expect(item.unitPrice.formatted).toBe(format(item.unitPrice, locale));
          expect(item.lineTotal.amount).toBe(item.unitPrice.amount * item.quantity);
        }
        expect(order.total.formatted).toBe(format(order.total, locale));
      }

      const stats = await backend<{ counts: Record<string, number>; total: number }>('order-service', `/orders/stats?userId=${ADA.id}`);
      const { total, ...counts } = body.orderCounts!;
      expect(counts).toEqual(stats.counts);
      expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(total);
      expect(total).toBe(stats.total);
      expect(body.degraded).toEqual([]);
    });
  });

  describe('GET /api/orders', () => {
    it('numbers pages from the total and returns successive, non-overlapping pages, newest first', async () => {
      const [first, second, both] = await Promise.all([
        api<OrdersPageView>(ada, '/api/orders?page=1&pageSize=5'),
        api<OrdersPageView>(ada, '/api/orders?page=2&pageSize=5'),
        api<OrdersPageView>(ada, '/api/orders?page=1&pageSize=10'),
      ]);
      for (const answer of [first, second, both]) expect(answer.status).toBe(200);
      const backendTotal = (await backend<{ totalCount: number }>('order-service', `/orders?userId=${ADA.id}&limit=1`)).totalCount;

      expect(first.body).toMatchObject({
        page: 1,
        pageSize: 5,
        totalCount: backendTotal,
        totalPages: Math.ceil(backendTotal / 5),
        status: null,
      });
      expect(second.body).toMatchObject({ page: 2, pageSize: 5, totalCount: backendTotal, totalPages: Math.ceil(backendTotal / 5) });
      expect(both.body.totalPages).toBe(Math.ceil(backendTotal / 10));
      const firstIds = first.body.orders.map((o) => o.id);
      const secondIds = second.body.orders.map((o) => o.id);
      expect(firstIds).toHaveLength(5);
      expect(secondIds).toHaveLength(5);
      expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
      expect([...firstIds, ...secondIds]).toEqual(both.body.orders.map((o) => o.id));
      const created = both.body.orders.map((o) => Date.parse(o.createdAt));
      expect(created).toEqual([...created].sort((a, b) => b - a));

      const lastPage = Math.ceil(backendTotal / 5);
      const last = await api<OrdersPageView>(ada, `/api/orders?page=${lastPage}&pageSize=5`);
      expect(last.body.orders).toHaveLength(backendTotal - (lastPage - 1) * 5);
      const beyond = await api<OrdersPageView>(ada, `/api/orders?page=${lastPage + 1}&pageSize=5`);
      expect(beyond.status).toBe(200);
      expect(beyond.body.orders).toEqual([]);
    });

    it("filters by status: only orders of that status, and the total is that status's count", async () => {
      const stats = await backend<{ counts: Record<string, number> }>('order-service', `/orders/stats?userId=${ADA.id}`);
      for (const status of ['delivered', 'pending']) {
        const { status: code, body } = await api<OrdersPageView>(ada, `/api/orders?status=${status}&pageSize=100`);
        expect(code).toBe(200);
        expect(body.status).toBe(status);
        expect(body.totalCount).toBe(stats.counts[status]);
        expect(body.orders.length).toBe(Math.min(100, stats.counts[status]));
        expect(body.orders.length).toBeGreaterThan(0);
        expect(body.orders.filter((o) => o.status !== status)).toEqual([]);
      }
    });

    it('gives every order on a page its items with product name, thumbnail and formatted price', async () => {
      const { body } = await api<OrdersPageView>(ada, '/api/orders?page=2&pageSize=10');
      const backendOrders = await adaOrders('limit=10&offset=10');
      expect(body.orders.map((o) => o.id)).toEqual(backendOrders.map((o) => o.id));
      const products = await productsById(backendOrders.flatMap((o) => o.items.map((i) => i.productId)));
      backendOrders.forEach((order, index) => {
        const view = body.orders[index];
        expect(view.items.map((i) => [i.productId, i.quantity])).toEqual(order.items.map((i) => [i.productId, i.quantity]));
        expect(view.itemCount).toBe(order.items.reduce((n, i) => n + i.quantity, 0));
        for (const item of view.items) {
          expect(item.name).toBe(products.get(item.productId)!.name);
          expect(item.thumbnailUrl).toMatch(/^https:\/\//);
          expect(item.unitPrice.formatted).toMatch(/\d/);
        }
      });
      expect(body.degraded).toEqual([]);
    });

    it('refuses a bad query with 400 naming each field (page=0, pageSize=1000, status=bogus, an unknown parameter)', async () => {
      const bad = await api<ErrorBody>(ada, '/api/orders?page=0&pageSize=1000&status=bogus&sort=newest');
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual(standardError(400, 'VALIDATION_FAILED'));
      expect(fieldsOf(bad)).toEqual(['page', 'pageSize', 'sort', 'status']);

      // Named like an Object.prototype member, which class-transformer would otherwise drop without a word.
      const prototypeName = await api<ErrorBody>(ada, '/api/orders?constructor=1');
      expect(prototypeName.status).toBe(400);
      expect(fieldsOf(prototypeName)).toEqual(['constructor']);

      const notANumber = await api<ErrorBody>(ada, '/api/orders?page=two');
      expect(notANumber.status).toBe(400);
      expect(fieldsOf(notANumber)).toEqual(['page']);

      const repeated = await api<ErrorBody>(ada, '/api/orders?pageSize=2&pageSize=3');
      expect(repeated.status).toBe(400);
      expect(repeated.body.error.details?.fields).toEqual([{ field: 'pageSize', problems: ['pageSize must be given once'] }]);
    });
  });

  describe('GET /api/orders/:id', () => {
    /** One of ada's orders with several distinct products and more than one step in its history. */
    async function richOrder(): Promise<Order> {
      const order = (await adaOrders()).find((o) => new Set(o.items.map((i) => i.productId)).size >= 3 && o.statusHistory.length >= 3);
      if (!order) throw new Error('the seed has no order of ada with 3 products and 3 status changes');
      return order;
    }

    it('shows every item with full product data, the customer, the shipping address and a chronological timeline', async () => {
      const order = await richOrder();
      const { status, body } = await api<OrderDetailView>(ada, `/api/orders/${order.id}`);
      expect(status).toBe(200);
      const user = await adaUser();
      const products = await productsById(order.items.map((i) => i.productId));

      expect(body).toMatchObject({
        id: order.id,
        status: order.status,
        canCancel: CANCELLABLE_STATUSES.includes(order.status),
        degraded: [],
      });
      expect(body.items.map((i) => [i.productId, i.quantity])).toEqual(order.items.map((i) => [i.productId, i.quantity]));
      for (const item of body.items) {
        const product = products.get(item.productId)!;
        expect(item.product).toEqual({
          id: product.id,
          sku: product.sku,
          name: product.name,
          description: expect.any(String),
          category: product.category,
          price: { ...product.price, formatted: format(product.price, user.preferences.locale) },
          images: product.images,
          attributes: expect.any(Object),
          inStock: expect.any(Boolean),
        });
      }
      expect(body.customer).toEqual({ id: ADA.id, displayName: user.displayName, email: ADA.email, loyaltyTier: user.loyalty.tier });
      const { id: _id, isDefault: _isDefault, ...address } = order.shippingAddress;
      expect(body.shippingAddress).toEqual(address);
      const times = body.timeline.map((t) => Date.parse(t.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(body.timeline.map((t) => `${t.at} ${t.status}`).sort()).toEqual(order.statusHistory.map((t) => `${t.at} ${t.status}`).sort());
      expect(body.timeline.at(-1)!.status).toBe(order.status);
    });

    it('fetches the products of an order with several products in one batch call, never one by one', async () => {
      const order = await richOrder();
      await resetStats('product-service');
      expect((await api(ada, `/api/orders/${order.id}`)).status).toBe(200);
      expect((await statsOf('product-service')).requests).toEqual({ 'GET /products': 1 });
    });
  });

  describe('GET /api/orders/new', () => {
    /** What the form must offer for a product search: its in-stock products, priced in the user's locale. */
    function expectOffered(body: NewOrderView, searched: ProductPage, locale: string): void {
      const inStock = searched.items.filter((product) => product.stock > 0);
      expect(body.products).toEqual(
        inStock.map((product) => ({
          id: product.id,
          name: product.name,
          thumbnailUrl: product.images.find((image) => image.variant === 'thumbnail')!.url,
          price: { ...product.price, formatted: format(product.price, locale) },
          inStock: true,
        })),
      );
      expect(body.moreProducts).toBe(searched.nextCursor !== null);
    }

    it("offers the user's addresses and the in-stock products with formatted prices, in one round trip", async () => {
      await resetStats(...BACKENDS);
      const { status, body } = await api<NewOrderView>(ada, '/api/orders/new');
      expect(status).toBe(200);
      // One browser request; behind it one profile lookup and one product search, and nothing from the order service.
      expect((await statsOf('user-service')).requests).toEqual({ 'GET /users': 1 });
      expect((await statsOf('product-service')).requests).toEqual({ 'GET /products': 1 });
      expect((await statsOf('order-service')).total).toBe(0);

      const user = await adaUser();
      expect(body.shippingAddresses).toEqual(
        user.addresses.map((a) => ({ id: a.id, summary: `${a.label}: ${a.line1}, ${a.city}`, isDefault: a.isDefault })),
      );
      expect(body.shippingAddresses.length).toBeGreaterThan(1);
      const searched = await backend<ProductPage>('product-service', '/products?limit=20');
      // The first page of the catalogue holds a product out of stock: the form must leave it out.
      expect(searched.items.some((product) => product.stock === 0)).toBe(true);
      expectOffered(body, searched, user.preferences.locale);
      expect(body.products.length).toBeGreaterThan(0);
      expect(body.degraded).toEqual([]);
    });

    it('narrows the products by text, category and limit, as the product service searches', async () => {
      const locale = (await adaUser()).preferences.locale;
      for (const query of ['q=kettle&category=kitchen&limit=50', 'q=KETTLE&limit=5', 'category=garden']) {
        const { status, body } = await api<NewOrderView>(ada, `/api/orders/new?${query}`);
        expect({ query, status }).toEqual({ query, status: 200 });
        // The product service's answer to the same search, with the page size web-bff asks for when none is given.
        const backendQuery = new URLSearchParams(query);
        if (!backendQuery.has('limit')) backendQuery.set('limit', '20');
        const searched = await backend<ProductPage>('product-service', `/products?${backendQuery.toString()}`);
        expectOffered(body, searched, locale);
        expect(body.products.length).toBeGreaterThan(0);
      }
    });

    it('refuses a bad query with 400 naming each field, and an unknown parameter', async () => {
      const bad = await api<ErrorBody>(ada, `/api/orders/new?q=${'x'.repeat(101)}&category=Kitchen!&limit=500`);
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual(standardError(400, 'VALIDATION_FAILED'));
      expect(fieldsOf(bad)).toEqual(['category', 'limit', 'q']);

      for (const [query, field] of [
        ['q=', 'q'],
        ['limit=five', 'limit'],
        ['limit=0', 'limit'],
        ['sort=price', 'sort'],
        ['userId=u_0002', 'userId'],
      ]) {
        const answer = await api<ErrorBody>(ada, `/api/orders/new?${query}`);
        expect({ query, status: answer.status, fields: fieldsOf(answer) }).toEqual({ query, status: 400, fields: [field] });
        expect(answer.body).toEqual(standardError(400, 'VALIDATION_FAILED'));
      }
    });

    it('answers an anonymous call with 401 JSON, and a call without X-CSRF with 403', async () => {
      const anonymous = await fetch(`${web}/api/orders/new`, { headers: { 'x-csrf': '1' } });
      const anonymousText = await anonymous.text();
      inspect('GET /api/orders/new (anonymous)', anonymous, anonymousText);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('location')).toBeNull();
      expect(anonymous.headers.get('content-type')).toContain('application/json');
      expect(JSON.parse(anonymousText)).toEqual(standardError(401, 'SESSION_REQUIRED'));

      const noCsrf = await fetchWithCookies(ada, `${web}/api/orders/new`);
      const noCsrfText = await noCsrf.text();
      inspect('GET /api/orders/new (no X-CSRF)', noCsrf, noCsrfText);
      expect(noCsrf.status).toBe(403);
      expect(JSON.parse(noCsrfText)).toEqual(standardError(403, 'CSRF_REJECTED'));
    });
  });

  describe('GET /api/products and /api/products/:id (the shop)', () => {
    it('lists a search page with every category, priced in the user’s locale, and pages on with a signed cursor to the end', async () => {
      const locale = (await adaUser()).preferences.locale;
      const first = await api<ProductListView>(ada, '/api/products?q=kettle&category=kitchen&limit=4');
      expect(first.status).toBe(200);
      const searched = await backend<ProductPage>('product-service', '/products?q=kettle&category=kitchen&limit=100');
      const categories = await backend<{ items: unknown[] }>('product-service', '/categories');
      expect(first.body).toMatchObject({ q: 'kettle', category: 'kitchen', totalCount: searched.totalCount, degraded: [] });
      expect(first.body.categories).toEqual(categories.items);
      const seen = [...first.body.products];
      let cursor = first.body.nextCursor;
      while (cursor !== null) {
        const next = await api<ProductListView>(
          ada,
          `/api/products?q=kettle&category=kitchen&limit=4&cursor=${encodeURIComponent(cursor)}`,
        );
        expect(next.status).toBe(200);
        seen.push(...next.body.products);
        cursor = next.body.nextCursor;
      }
      expect(seen.map((product) => product.id)).toEqual(searched.items.map((product) => product.id));
      const [expected] = searched.items;
      expect(seen[0]).toEqual({
        id: expected.id,
        name: expected.name,
        thumbnailUrl: expected.images.find((image) => image.variant === 'thumbnail')!.url,
        price: { ...expected.price, formatted: format(expected.price, locale) },
        inStock: expected.stock > 0,
      });
    });

    it("refuses a cursor of another search, another user's, or an edited one with 400 naming cursor", async () => {
      const page = await api<ProductListView>(ada, '/api/products?q=kettle&limit=2');
      const cursor = encodeURIComponent(page.body.nextCursor!);
      const grace = await login('grace@example.test');
      for (const [jar, path] of [
        [ada, `/api/products?q=lamp&limit=2&cursor=${cursor}`],
        [grace, `/api/products?q=kettle&limit=2&cursor=${cursor}`],
        [ada, `/api/products?q=kettle&limit=2&cursor=${cursor.slice(0, -3)}abc`],
        [ada, '/api/products?cursor=made-up'],
      ] as const) {
        const answer = await api<ErrorBody>(jar, path);
        expect({ path, status: answer.status, fields: fieldsOf(answer) }).toEqual({ path, status: 400, fields: ['cursor'] });
      }
    });

    it('refuses a bad query with 400 naming each field, and an unknown parameter', async () => {
      const bad = await api<ErrorBody>(ada, `/api/products?q=${'x'.repeat(101)}&category=Kitchen!&limit=500`);
      expect(bad.body).toEqual(standardError(400, 'VALIDATION_FAILED'));
      expect(fieldsOf(bad)).toEqual(['category', 'limit', 'q']);
      expect(fieldsOf(await api<ErrorBody>(ada, '/api/products?sort=price'))).toEqual(['sort']);
    });

    it('shows a product page: the product with its stock, its category’s name and in-stock products of the category', async () => {
      const [lamp] = (await backend<ProductPage>('product-service', '/products?category=home&limit=1')).items;
      const { status, body } = await api<ProductPageView>(ada, `/api/products/${lamp.id}`);
      expect(status).toBe(200);
      expect(body.product).toMatchObject({
        id: lamp.id,
        name: lamp.name,
        stock: lamp.stock,
        images: lamp.images,
        attributes: lamp.attributes,
      });
      expect(body.category).toEqual({ id: 'home', name: 'Home' });
      const sameCategory = await backend<ProductPage>('product-service', '/products?category=home&limit=7');
      expect(body.related.map((related) => related.id)).toEqual(
        sameCategory.items
          .filter((other) => other.id !== lamp.id && other.stock > 0)
          .slice(0, 6)
          .map((other) => other.id),
      );
      expect(body.degraded).toEqual([]);
    });

    it('answers a product that does not exist with 404, and an id that is no product id with 400, before any backend call', async () => {
      expect(await api<ErrorBody>(ada, '/api/products/p_99999')).toMatchObject({ status: 404, body: standardError(404, 'NOT_FOUND') });
      await resetStats('product-service');
      for (const id of ['stats', '..%2Fcategories', 'o_00001']) {
        const answer = await api<ErrorBody>(ada, `/api/products/${id}`);
        expect({ id, status: answer.status, fields: fieldsOf(answer) }).toEqual({ id, status: 400, fields: ['id'] });
      }
      expect((await statsOf('product-service')).total).toBe(0);
    });

    it('offers the product a user came to order first on the new-order form, and refuses one that is not there', async () => {
      const [lamp] = (await backend<ProductPage>('product-service', '/products?category=home&limit=1')).items;
      const form = await api<NewOrderView>(ada, `/api/orders/new?productId=${lamp.id}&q=kettle`);
      expect(form.body.products[0]).toMatchObject({ id: lamp.id, name: lamp.name });
      const missing = await api<ErrorBody>(ada, '/api/orders/new?productId=p_99999');
      expect({ status: missing.status, fields: fieldsOf(missing) }).toEqual({ status: 400, fields: ['productId'] });
    });
  });

  describe('order ids that are not yours, or not ids at all', () => {
    it("answers another user's order exactly like an order that does not exist: 404 with the standard error body", async () => {
      const [graceOrder] = (await backend<{ items: Order[] }>('order-service', `/orders?userId=${GRACE.id}&limit=1`)).items;
      const missingId = 'o_99999';
      const theirs = await api<ErrorBody>(ada, `/api/orders/${graceOrder.id}`);
      const missing = await api<ErrorBody>(ada, `/api/orders/${missingId}`);

      expect(theirs.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(theirs.body).toEqual(standardError(404, 'NOT_FOUND'));
      expect(missing.body).toEqual(standardError(404, 'NOT_FOUND'));
      const anonymous = (answer: Answer<ErrorBody>, id: string) => ({
        ...answer.body.error,
        requestId: '-',
        message: answer.body.error.message.replaceAll(id, '<id>'),
        details: JSON.stringify(answer.body.error.details ?? null).replaceAll(id, '<id>'),
      });
      expect(anonymous(theirs, graceOrder.id)).toEqual(anonymous(missing, missingId));
      expect(theirs.text).not.toContain(GRACE.id);
      expect(theirs.text).not.toContain(graceOrder.shippingAddress.line1);
    });

    it('refuses malformed ids with 400 or 404 and a JSON error body, never a 5xx, a redirect or another resource', async () => {
      const ids = ['..%2F..', '%2e%2e%2f%2e%2e', 'a'.repeat(200), 'o_00001%00', '%E0%A4%A', "o_00001'%20OR%201=1", '..%5C..', 'stats'];
      const wrong: string[] = [];
      for (const id of ids) {
        const answer = await api<ErrorBody>(ada, `/api/orders/${id}`);
        const isJsonError = answer.body?.error?.status === answer.status;
        if (![400, 404].includes(answer.status) || !isJsonError) {
          wrong.push(
            `${id.slice(0, 40)} -> ${answer.status} ${answer.headers.get('content-type')} ${answer.text.slice(0, 120).replace(/\s+/g, ' ')}`,
          );
        }
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('POST /api/orders', () => {
    const validBody = (productId = 'p_0003') => ({
      items: [
        { productId, quantity: 2 },
        { productId: 'p_0004', quantity: 1 },
      ],
      shippingAddressId: 'u_0001_a2',
    });

    it("creates the order for the session's user and refuses a userId in the body (400, nothing created)", async () => {
      const before = await orderCount(ada);
      const withUser = await post<ErrorBody>(ada, '/api/orders', { ...validBody(), userId: GRACE.id });
      expect(withUser.status).toBe(400);
      expect(withUser.body).toEqual(standardError(400, 'VALIDATION_FAILED'));
      expect(fieldsOf(withUser)).toEqual(['userId']);
      expect(await orderCount(ada)).toBe(before);

      const created = await post<OrderDetailView>(ada, '/api/orders', validBody());
      expect(created.status).toBe(201);
      const user = await adaUser();
      const work = user.addresses.find((a) => a.id === 'u_0001_a2')!;
      expect(created.body).toMatchObject({
        status: 'pending',
        canCancel: true,
        customer: { id: ADA.id },
        shippingAddress: { line1: work.line1, city: work.city },
      });
      expect(created.body.items.map((i) => [i.productId, i.quantity, i.product?.id])).toEqual([
        ['p_0003', 2, 'p_0003'],
        ['p_0004', 1, 'p_0004'],
      ]);
      const stored = await backend<Order>('order-service', `/orders/${created.body.id}`);
      expect(stored.userId).toBe(ADA.id);
      expect(await orderCount(ada)).toBe(before + 1);
    });

    it('turns a repeated Idempotency-Key into the same order, created only once', async () => {
      const before = await orderCount(ada);
      const key = `e2e-${randomUUID()}`;
      const first = await post<OrderDetailView>(ada, '/api/orders', validBody('p_0005'), { 'Idempotency-Key': key });
      const again = await post<OrderDetailView>(ada, '/api/orders', validBody('p_0005'), { 'Idempotency-Key': key });
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      // A replay is the first answer again, status included, told apart by Idempotent-Replayed.
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect(await orderCount(ada)).toBe(before + 1);
      expect((await adaOrders()).filter((o) => o.id === first.body.id)).toHaveLength(1);
    });

    it('refuses invalid bodies with 400 naming the field, and creates nothing', async () => {
      const before = await orderCount(ada);
      const address = { shippingAddressId: 'u_0001_a1' };
      const cases: { name: string; body: unknown; field: string }[] = [
        { name: 'no items', body: { items: [], ...address }, field: 'items' },
        { name: 'quantity 0', body: { items: [{ productId: 'p_0001', quantity: 0 }], ...address }, field: 'items.0.quantity' },
        { name: 'quantity "two"', body: { items: [{ productId: 'p_0001', quantity: 'two' }], ...address }, field: 'items.0.quantity' },
        { name: 'no shippingAddressId', body: { items: [{ productId: 'p_0001', quantity: 1 }] }, field: 'shippingAddressId' },
        { name: 'unknown product', body: { items: [{ productId: 'p_9999', quantity: 1 }], ...address }, field: 'items.0.productId' },
        {
          name: "another user's address",
          body: { items: [{ productId: 'p_0001', quantity: 1 }], shippingAddressId: 'u_0002_a1' },
          field: 'shippingAddressId',
        },
      ];
      for (const { name, body, field } of cases) {
        const answer = await post<ErrorBody>(ada, '/api/orders', body);
        expect({ name, status: answer.status, fields: fieldsOf(answer) }).toEqual({ name, status: 400, fields: [field] });
        expect(answer.body).toEqual(standardError(400, 'VALIDATION_FAILED'));
      }
      expect(await orderCount(ada)).toBe(before);
    });

    it('refuses an invalid Idempotency-Key (300 characters, or with a space) with 400, and creates nothing', async () => {
      const before = await orderCount(ada);
      for (const key of ['k'.repeat(300), 'has space']) {
        const answer = await post<ErrorBody>(ada, '/api/orders', validBody(), { 'Idempotency-Key': key });
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual(standardError(400, 'VALIDATION_FAILED'));
        expect(fieldsOf(answer)).toEqual(['Idempotency-Key']);
      }
      expect(await orderCount(ada)).toBe(before);
    });
  });

  describe('POST /api/orders/:id/cancel', () => {
    it('cancels a pending or paid order; cancelling it again is 409 ORDER_NOT_CANCELLABLE', async () => {
      const fresh = await post<OrderDetailView>(ada, '/api/orders', {
        items: [{ productId: 'p_0006', quantity: 1 }],
        shippingAddressId: 'u_0001_a1',
      });
      expect(fresh.body.status).toBe('pending');
      const [oldestPaid] = (await adaOrders('status=paid&limit=100')).slice(-1);

      for (const id of [fresh.body.id, oldestPaid.id]) {
        const cancelled = await post<OrderDetailView>(ada, `/api/orders/${id}/cancel`);
        expect(cancelled.status).toBe(200);
        expect(cancelled.body).toMatchObject({ id, status: 'cancelled', canCancel: false });
        expect(cancelled.body.timeline.at(-1)!.status).toBe('cancelled');
        expect((await backend<Order>('order-service', `/orders/${id}`)).status).toBe('cancelled');

        const again = await post<ErrorBody>(ada, `/api/orders/${id}/cancel`);
        expect(again.status).toBe(409);
        expect(again.body).toEqual(standardError(409, 'ORDER_NOT_CANCELLABLE'));
      }
    });

    it("answers 404 to cancelling another user's order, and leaves it as it was", async () => {
      const [graceOrder] = (await backend<{ items: Order[] }>('order-service', `/orders?userId=${GRACE.id}&status=pending&limit=1`)).items;
      const answer = await post<ErrorBody>(ada, `/api/orders/${graceOrder.id}/cancel`);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(standardError(404, 'NOT_FOUND'));
      expect((await backend<Order>('order-service', `/orders/${graceOrder.id}`)).status).toBe('pending');
    });
  });

  describe('degradation: a backend fails, the page still answers with what it has', () => {
    /** After a fault: back to normal, and the dashboard whole again (waits out a circuit that opened, if any). */
    async function recover(): Promise<void> {
      await resetFaults();
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { status, body } = await api<DashboardView>(ada, '/api/dashboard');
        if (status === 200 && body.degraded.length === 0) return;
        if (Date.now() > deadline) throw new Error(`the dashboard did not recover: ${status} ${JSON.stringify(body.degraded)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    let productServiceStopped = false;

    afterEach(async () => {
      if (productServiceStopped) await stack.startApp('product-service');
      productServiceStopped = false;
      await recover();
    });

    it('with a warm product cache and the product service failing, still shows the products, marked stale', async () => {
      const warm = await api<DashboardView>(ada, '/api/dashboard');
      expect(warm.body.degraded).toEqual([]);
      await setFaults('product-service', { errorRate: 1 });

      const { status, body } = await api<DashboardView>(ada, '/api/dashboard');
      expect(status).toBe(200);
      expect(body.degraded).toEqual([{ part: 'products', reason: 'stale' }]);
      expect(body.recentOrders).toEqual(warm.body.recentOrders);
      expect(body.recentOrders.flatMap((o) => o.items).every((i) => i.name !== null)).toBe(true);
      expect(body.user).toEqual(warm.body.user);
      expect(body.orderCounts).toEqual(warm.body.orderCounts);
    });

    it('with a cold product cache and the product service stopped, answers 200 without product details, products unavailable', async () => {
      // A fresh web-bff process has an empty product cache (and no sessions: log in again).
      await stack.stopApp('web-bff');
      await stack.startApp('web-bff');
      ada = await login(ADA.email);
      await stack.stopApp('product-service');
      productServiceStopped = true;

      const { status, body } = await api<DashboardView>(ada, '/api/dashboard');
      expect(status).toBe(200);
      expect(body.degraded).toEqual([{ part: 'products', reason: 'unavailable' }]);
      expect(body.user?.id).toBe(ADA.id);
      expect(body.recentOrders).toHaveLength(5);
      expect(body.orderCounts?.total).toBeGreaterThan(0);
      for (const item of body.recentOrders.flatMap((o) => o.items)) {
        expect(item).toMatchObject({ name: null, thumbnailUrl: null, unitPrice: { formatted: expect.stringMatching(/\d/) } });
      }
    });

    it('with the user service failing, answers 200 with user null and degraded naming user', async () => {
      await setFaults('user-service', { errorRate: 1 });
      const { status, body } = await api<DashboardView>(ada, '/api/dashboard');
      expect(status).toBe(200);
      expect(body.user).toBeNull();
      expect(body.degraded).toEqual([{ part: 'user', reason: 'unavailable' }]);
      expect(body.recentOrders).toHaveLength(5);
      expect(body.recentOrders[0].items[0].name).toEqual(expect.any(String));
    });

    it('with the product service failing, the new-order form answers 200 with the addresses, products unavailable', async () => {
      await setFaults('product-service', { errorRate: 1 });
      const { status, body } = await api<NewOrderView>(ada, '/api/orders/new');
      expect(status).toBe(200);
      expect(body.degraded).toEqual([{ part: 'products', reason: 'unavailable' }]);
      expect(body.products).toEqual([]);
      expect(body.moreProducts).toBe(false);
      expect(body.shippingAddresses.map((a) => a.id)).toEqual((await adaUser()).addresses.map((a) => a.id));
    });

    it('with the user service failing, the new-order form answers 200 with the products, shippingAddresses unavailable', async () => {
      await setFaults('user-service', { errorRate: 1 });
      const { status, body } = await api<NewOrderView>(ada, '/api/orders/new');
      expect(status).toBe(200);
      expect(body.degraded).toEqual([{ part: 'shippingAddresses', reason: 'unavailable' }]);
      expect(body.shippingAddresses).toEqual([]);
      const searched = await backend<ProductPage>('product-service', '/products?limit=20');
      expect(body.products.map((p) => p.id)).toEqual(searched.items.filter((p) => p.stock > 0).map((p) => p.id));
      // Without the profile the prices are shown in the fallback locale.
      expect(body.products[0].price.formatted).toBe(format(body.products[0].price, 'en-GB'));
    });

    it('with the user service and the categories failing, the shop still lists products in the fallback locale', async () => {
      await setFaults('user-service', { errorRate: 1 });
      const { status, body } = await api<ProductListView>(ada, '/api/products?q=kettle');
      expect(status).toBe(200);
      expect(body.degraded).toEqual([{ part: 'user', reason: 'unavailable' }]);
      expect(body.products[0].price.formatted).toBe(format(body.products[0].price, 'en-GB'));
    });

    it('with a warm cache and the product service failing, the product page shows the product marked stale, without related ones', async () => {
      const [lamp] = (await backend<ProductPage>('product-service', '/products?category=home&limit=1')).items;
      expect((await api<ProductPageView>(ada, `/api/products/${lamp.id}`)).body.degraded).toEqual([]);
      await setFaults('product-service', { errorRate: 1 });
      const { status, body } = await api<ProductPageView>(ada, `/api/products/${lamp.id}`);
      expect(status).toBe(200);
      expect(body.product.id).toBe(lamp.id);
      expect(body.related).toEqual([]);
      expect(body.category.name).toBeNull();
      expect(body.degraded).toEqual(
        expect.arrayContaining([
          { part: 'product', reason: 'stale' },
          { part: 'categories', reason: 'unavailable' },
          { part: 'related', reason: 'unavailable' },
        ]),
      );
    });

    it('with the order service failing, the order page (the order is essential) answers a JSON 5xx with a DOWNSTREAM_* code, not a crash', async () => {
      const [order] = await adaOrders('limit=1');
      await setFaults('order-service', { errorRate: 1 });
      const answer = await api<ErrorBody>(ada, `/api/orders/${order.id}`);
      expect([502, 503, 504]).toContain(answer.status);
      expect(answer.body.error).toMatchObject({ status: answer.status, code: expect.stringMatching(/^DOWNSTREAM_/) });

      await resetFaults();
      expect((await api(ada, `/api/orders/${order.id}`)).status).toBe(200);
    });
  });

  describe('pass-through: /api/proxy/<service>/<path>', () => {
    it('forwards the allowlisted reads: the categories and one product, as the product service answers them', async () => {
      const categories = await api<{ items: { id: string; name: string; productCount: number }[] }>(ada, '/api/proxy/products/categories');
      expect(categories.status).toBe(200);
      expect(categories.body).toEqual(await backend('product-service', '/categories'));
      expect(categories.body.items.length).toBeGreaterThan(0);

      const product = await api<Product>(ada, '/api/proxy/products/products/p_0001');
      expect(product.status).toBe(200);
      expect(product.body).toEqual(await backend('product-service', '/products/p_0001'));
    });

    it('refuses every other route with 404 ROUTE_NOT_ALLOWED, and nothing reaches a backend', async () => {
      await resetStats(...BACKENDS);
      expect((await api(ada, '/api/proxy/products/categories')).status).toBe(200);
      const refused: [string, string, unknown?][] = [
        ['GET', '/api/proxy/products/__admin/faults'],
        ['PUT', '/api/proxy/products/__admin/faults', { errorRate: 1 }],
        ['DELETE', '/api/proxy/products/__admin/stats'],
        ['GET', '/api/proxy/orders/orders'],
        ['GET', '/api/proxy/users/users/u_0002'],
        ['GET', '/api/proxy/products/products/..%2F__admin%2Ffaults'],
        ['GET', '/api/proxy/products/products/p_0001%2F..%2F..%2F__admin%2Fstats'],
        ['GET', '/api/proxy/products/categories/c_1'],
        ['DELETE', '/api/proxy/products/products?q=skillet'],
        ['GET', '/api/proxy/evil.example/x'],
        ['GET', '/api/proxy/products/%2F%2Fevil.example%2Fx'],
        ['POST', '/api/proxy/products/categories', {}],
        ['POST', '/api/proxy/products/products/p_0001', {}],
      ];
      const answers: string[] = [];
      for (const [method, path, body] of refused) {
        const answer = await api<ErrorBody>(ada, path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
        answers.push(`${method} ${path} -> ${answer.status} ${answer.body?.error?.code}`);
      }
      expect(answers).toEqual(refused.map(([method, path]) => `${method} ${path} -> 404 ROUTE_NOT_ALLOWED`));

      expect((await statsOf('product-service')).requests).toEqual({ 'GET /categories': 1 });
      expect((await statsOf('order-service')).total).toBe(0);
      expect((await statsOf('user-service')).total).toBe(0);
      expect(await (await admin('product-service', 'faults', 'GET')).json()).toMatchObject({ errorRate: 0, hang: false });
    });
  });

  describe('pass-through: what is forwarded', () => {
    it("forwards the route's allowlisted query parameters, as the product service answers them", async () => {
      const search = await api<ProductPage>(ada, '/api/proxy/products/products?q=skillet&limit=2');
      expect(search.status).toBe(200);
      expect(search.body).toEqual(await backend('product-service', '/products?q=skillet&limit=2'));
    });

    it('refuses query parameters the route does not allowlist, or repeated ones, with 400 naming them, and calls no backend', async () => {
      await resetStats('product-service');
      const unknown = await api<ErrorBody>(ada, '/api/proxy/products/products?q=skillet&cursor=abc&ids=p_0001');
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual(standardError(400, 'VALIDATION_FAILED'));
      expect(fieldsOf(unknown)).toEqual(['cursor', 'ids']);
      const repeated = await api<ErrorBody>(ada, '/api/proxy/products/products?limit=1&limit=2');
      expect(repeated.status).toBe(400);
      expect(fieldsOf(repeated)).toEqual(['limit']);
      const onRouteWithout = await api<ErrorBody>(ada, '/api/proxy/products/products/p_0001?fields=name');
      expect(onRouteWithout.status).toBe(400);
      expect(fieldsOf(onRouteWithout)).toEqual(['fields']);
      expect((await statsOf('product-service')).total).toBe(0);
    });

    it('forwards the checked path segments, decoded and encoded again, not the raw path', async () => {
      for (const path of ['/api/proxy/products/%70roducts/%70_0001', '/api/proxy/products//products//p_0001']) {
        const product = await api<Product>(ada, path);
        expect(product.status).toBe(200);
        expect(product.body).toEqual(await backend('product-service', '/products/p_0001'));
      }
    });
  });

  describe('tokens', () => {
    it('never sent a JWT in any web-bff response of this suite, body or headers (runs last)', () => {
      // The check recognises a real dev-idp token wherever it appears...
      expect(carriesJwt(new Response(), `{"hint":"${serviceToken}"}`)).toBe(true);
      expect(carriesJwt(new Response(null, { headers: { location: `/x?id_token_hint=${serviceToken}` } }), '')).toBe(true);
      // ...and saw every web-bff response of this suite.
      expect(seen.length).toBeGreaterThan(50);
      expect(seen.filter((response) => response.leaked)).toEqual([]);
    });
  });
});
