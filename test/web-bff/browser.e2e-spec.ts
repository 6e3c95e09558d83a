import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { REPO_ROOT, STACK_APPS, launchChromium, startStack, type RunningStack } from '@facet/testing';
import type { Browser, BrowserContext, Page, Response, Route } from 'playwright-core';
import type { NewOrderView } from '../../apps/web-bff/src/orders/new-order.view';
import type { OrderDetailView } from '../../apps/web-bff/src/orders/orders.view';
import type { ProductListView, ProductPageView } from '../../apps/web-bff/src/products/products.view';

/**
 * The web page (apps/web-bff/public) in headless Chromium against the real stack: dev-idp's login page, the
 * session cookie as the browser keeps it, the screens, and what the page's JavaScript can and cannot see.
 */

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
const SESSION_COOKIE = '__Host-facet-session';
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
/** Product images live on an external host the machine cannot reach; the browser gets a placeholder instead. */
const PLACEHOLDER_IMAGE = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><rect width="96" height="96" fill="#c9cff5"/></svg>`;

interface SeenResponse {
  url: string;
  type: string;
  status: number;
  leaked: boolean;
  /** Set when the body could not be read (a redirect, or a document left before it was read). */
  unreadable?: string;
}

describe('web-bff: the page in a real browser', () => {
  let stack: RunningStack;
  let browser: Browser;
  let web: string;
  let context: BrowserContext;
  let page: Page;
  /** Every response from web-bff the page received in the current test, checked for tokens. */
  let seen: Promise<SeenResponse>[];
  /** Uncaught page errors and Content-Security-Policy refusals in the current test. */
  let problems: string[];

  async function inspect(response: Response): Promise<SeenResponse> {
    const type = response.request().resourceType();
    const headers = JSON.stringify(await response.allHeaders().catch(() => response.headers()));
    let body = '';
    let unreadable: string | undefined;
    try {
      body = await response.text();
    } catch (error) {
      unreadable = (error as Error).message.split('\n')[0];
    }
    return { url: response.url(), type, status: response.status(), leaked: JWT.test(body) || JWT.test(headers), unreadable };
  }

  async function seenSoFar(): Promise<SeenResponse[]> {
    return Promise.all(seen);
  }

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(ARTIFACTS, `web-bff-${name}.png`), fullPage: true });
  }

  /** Opens the page, clicks "Log in", signs in on dev-idp's page and lands back on the dashboard. */
  async function signIn(email = 'ada@example.test'): Promise<void> {
    await page.goto(`${web}/`);
    const login = page.getByRole('button', { name: 'Log in' });
    await login.waitFor();
    await login.click();
    await page.waitForURL((url) => url.origin === stack.urls['dev-idp']);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(DEV_USER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.origin === web);
    await page.locator('#view-dashboard').waitFor();
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The browser first, each assigned as soon as it runs: a failure of either leaves afterAll what to stop.
    browser = await launchChromium();
    stack = await startStack({ apps: STACK_APPS });
    web = stack.urls['web-bff'];
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    await context.route('https://images.facet.test/**', (route) =>
      route.fulfill({ contentType: 'image/svg+xml', body: PLACEHOLDER_IMAGE }),
    );
    page = await context.newPage();
    seen = [];
    problems = [];
    page.on('response', (response) => {
      if (new URL(response.url()).origin === web) seen.push(inspect(response));
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
  });

  afterEach(async () => {
    await context?.close();
  });

  it('logs in through dev-idp and shows the name and recent orders, keeping every token out of reach of the page', async () => {
    await page.goto(`${web}/`);
    // The page decides between its views after asking /auth/user: wait for the login view, then check the other stays hidden.
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await expect(page.locator('#view-dashboard').isVisible()).resolves.toBe(false);
    await screenshot('login');
    await signIn();

    await expect(page.getByTestId('user-name').textContent()).resolves.toBe('Ada Lovelace');
    await expect(page.getByRole('heading', { level: 1 }).filter({ visible: true }).textContent()).resolves.toBe('Hello, Ada Lovelace');
    const recent = page.locator('#dashboard-orders li');
    await expect(recent.count()).resolves.toBe(5);
    const firstLine = await recent.first().textContent();
    expect(firstLine).toMatch(/^o_\d+ (pending|paid|shipped|delivered|cancelled) · .*\d.* · \S/);
    await expect(page.locator('#dashboard-counts li').allTextContents()).resolves.toEqual(
      ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'total'].map((status) =>
        expect.stringMatching(new RegExp(`^${status}: \\d+$`)),
      ),
    );
    await expect(page.locator('#degraded').isVisible()).resolves.toBe(false);
    await screenshot('dashboard');

    // The session cookie is HttpOnly: the page's script cannot read it, nor any token.
    const documentCookie = await page.evaluate<string>('document.cookie');
    expect(documentCookie).not.toContain(SESSION_COOKIE);
    expect(documentCookie).not.toContain('eyJ');
    const storage = await page.evaluate<string>('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })');
    expect(storage).not.toMatch(JWT);
    expect(storage).not.toMatch(/token/i);
    const html = await page.content();
    expect(html).not.toContain('eyJ');

    const cookies = await context.cookies(web);
    expect(cookies.find((cookie) => cookie.name === SESSION_COOKIE)).toMatchObject({
      domain: 'localhost',
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
    });

    const responses = await seenSoFar();
    const calls = responses.filter((response) => response.type === 'fetch' || response.type === 'xhr');
    expect(calls.map((call) => new URL(call.url).pathname)).toEqual(expect.arrayContaining(['/auth/user', '/api/dashboard']));
    expect(calls.filter((call) => call.unreadable)).toEqual([]);
    expect(responses.filter((response) => response.leaked)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('opens an order from the dashboard and shows its items', async () => {
    await signIn();
    const link = page.locator('#dashboard-orders li a').first();
    const id = (await link.textContent())!;
    const detail = page.waitForResponse((response) => new URL(response.url()).pathname === `/api/orders/${id}`);
    await link.click();
    const view = (await (await detail).json()) as OrderDetailView;
    await page.locator('#view-order').waitFor();

    expect(page.url()).toBe(`${web}/#/orders/${id}`);
    await expect(page.locator('#order-id').textContent()).resolves.toBe(id);
    await expect(page.locator('#order-status').textContent()).resolves.toBe(view.status);
    await expect(page.locator('#order-total').textContent()).resolves.toBe(view.total.formatted);
    const lines = await page.locator('#order-items li').allTextContents();
    expect(lines).toEqual(view.items.map((item) => `${item.product!.name} × ${item.quantity} · ${item.lineTotal.formatted}`));
    expect(lines.length).toBeGreaterThan(0);
    await expect(page.locator('#order-timeline li').count()).resolves.toBe(view.timeline.length);
    // Each line shows the product's thumbnail, not its full-size image.
    const images = await Promise.all((await page.locator('#order-items li img').all()).map((image) => image.getAttribute('src')));
    expect(images).toEqual(view.items.map((item) => item.product!.images.find((image) => image.variant === 'thumbnail')!.url));
    await expect(page.locator('#order-address').textContent()).resolves.toContain(view.shippingAddress.city);
    await screenshot('order');

    expect((await seenSoFar()).filter((response) => response.leaked)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('places one order through the "New order" form however often it is submitted, lands on it, and can cancel it', async () => {
    await signIn();
    const orderCount = () =>
      page.evaluate<number>(
        `fetch('/api/orders?pageSize=1', { headers: { 'X-CSRF': '1' } }).then((r) => r.json()).then((v) => v.totalCount)`,
      );
    const before = await orderCount();
    const formData = (query: string | null) =>
      page.waitForResponse((response) => {
        const url = new URL(response.url());
        return url.pathname === '/api/orders/new' && url.searchParams.get('q') === query;
      });
    /** The page has shown what it was loading (it clears the status line once the form is filled). */
    const loaded = () => page.waitForFunction(`document.getElementById('status').textContent === ''`);
    const productLabels = (view: NewOrderView) => view.products.map((product) => `${product.name} · ${product.price.formatted}`);
    // By role: the label's accessible name also holds the picked option's text.
    const picker = page.getByRole('combobox', { name: /^Product\b/ });

    const opened = formData(null);
    await page.getByRole('link', { name: 'New order' }).click();
    const offered = (await (await opened).json()) as NewOrderView;
    await page.locator('#view-new-order').waitFor();
    await loaded();
    await expect(page.getByLabel('Ship to').locator('option').count()).resolves.toBe(2);
    // The picker offers the products web-bff answered with, by name and price, the first one picked.
    expect(offered.products.length).toBeGreaterThan(1);
    await expect(picker.locator('option').allTextContents()).resolves.toEqual(productLabels(offered));
    await expect(picker.inputValue()).resolves.toBe(offered.products[0].id);

    // A search narrows the list (Enter in the search box searches; it places no order), then a product is picked.
    const wanted = offered.products[1];
    const searched = formData(wanted.name);
    await page.getByLabel('Find products').fill(wanted.name);
    await page.getByLabel('Find products').press('Enter');
    const narrowed = (await (await searched).json()) as NewOrderView;
    await loaded();
    expect(narrowed.products.map((product) => product.id)).toContain(wanted.id);
    await expect(picker.locator('option').allTextContents()).resolves.toEqual(productLabels(narrowed));
    await picker.selectOption(wanted.id);
    await expect(page.locator('#new-order-thumbnail img').getAttribute('src')).resolves.toBe(wanted.thumbnailUrl);
    await page.getByLabel('Quantity').fill('3');
    await page.getByLabel('Ship to').selectOption('u_0001_a2');
    await screenshot('new-order');
    // A double click. Both submits are held until both were sent, so the first answer cannot come between them.
    const held: Route[] = [];
    let bothSent!: () => void;
    const sent = new Promise<void>((resolve) => (bothSent = resolve));
    await page.route(
      (url) => url.pathname === '/api/orders',
      async (route) => {
        if (route.request().method() !== 'POST') return route.fallback();
        held.push(route);
        if (held.length === 2) bothSent();
      },
    );
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await sent;
    const answers = await Promise.all(held.map((route) => route.fetch()));
    await Promise.all(held.map((route, i) => route.fulfill({ response: answers[i] })));
    // One answer creates the order, the other is told apart as its replay (whichever reached the order service last).
    const outcomes = answers.map((answer) => `${answer.status()} ${answer.headers()['idempotent-replayed'] ?? '-'}`).sort();
    expect(outcomes).toEqual(['201 -', '201 true']);
    const keys = held.map((route) => route.request().headers()['idempotency-key']);
    expect(keys[0]).toMatch(/^[\x21-\x7e]{1,255}$/);
    expect(keys[1]).toBe(keys[0]);
    const [order, again] = (await Promise.all(answers.map((answer) => answer.json()))) as OrderDetailView[];
    expect(again.id).toBe(order.id);
    await expect(orderCount()).resolves.toBe(before + 1);

    await page.waitForURL(`${web}/#/orders/${order.id}`);
    await page.locator('#view-order').waitFor();
    await expect(page.locator('#order-id').textContent()).resolves.toBe(order.id);
    await expect(page.locator('#order-status').textContent()).resolves.toBe('pending');
    await expect(page.locator('#order-items li').allTextContents()).resolves.toEqual([
      `${order.items[0].product!.name} × 3 · ${order.items[0].lineTotal.formatted}`,
    ]);
    await expect(page.locator('#order-address').textContent()).resolves.toContain(order.shippingAddress.city);
    expect(order.items[0]).toMatchObject({ productId: wanted.id, product: { name: wanted.name } });

    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Order ${order.id} cancelled` })
      .waitFor();
    await expect(page.locator('#order-status').textContent()).resolves.toBe('cancelled');
    await expect(page.getByRole('button', { name: 'Cancel order' }).isVisible()).resolves.toBe(false);

    expect((await seenSoFar()).filter((r) => r.leaked)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('journey: from the dashboard to the shop, a product, the order form, the order and its cancellation, asking only web-bff', async () => {
    // Everything the page asks for after the login, by origin: the journey needs web-bff alone.
    const origins = new Set<string>();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    await signIn();
    const afterLogin = new Set(origins);
    origins.clear();

    await page.getByRole('link', { name: 'Browse the shop' }).click();
    await page.locator('#view-products').waitFor();
    await expect(page.locator('#products-category option').count()).resolves.toBeGreaterThan(1);

    const searched = page.waitForResponse((response) => new URL(response.url()).searchParams.get('q') === 'Kettle');
    await page.getByLabel('Search the shop').fill('Kettle');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = (await (await searched).json()) as ProductListView;
    expect(results.products.length).toBeGreaterThan(0);
    expect(results.products.every((product) => product.name.includes('Kettle'))).toBe(true);
    await page.waitForFunction(`document.getElementById('status').textContent === ''`);
    await expect(page.locator('#products-list li a').allTextContents()).resolves.toEqual(results.products.map((product) => product.name));
    await screenshot('shop');

    const wanted = results.products.find((product) => product.inStock)!;
    const opened = page.waitForResponse((response) => new URL(response.url()).pathname === `/api/products/${wanted.id}`);
    await page
      .locator('#products-list li')
      .filter({ has: page.getByRole('link', { name: wanted.name, exact: true }) })
      .first()
      .getByRole('link')
      .click();
    const shown = (await (await opened).json()) as ProductPageView;
    await page.locator('#view-product').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).filter({ visible: true }).textContent()).resolves.toBe(shown.product.name);
    await expect(page.locator('#product-price').textContent()).resolves.toBe(wanted.price.formatted);
    await expect(page.locator('#product-stock').textContent()).resolves.toBe(`${shown.product.stock} in stock`);
    await expect(page.locator('#product-category').textContent()).resolves.toBe('Kitchen');
    await expect(page.locator('#product-attributes dt').count()).resolves.toBe(Object.keys(shown.product.attributes).length);
    await expect(page.locator('#product-images img').count()).resolves.toBe(shown.product.images.length - 1);
    await expect(page.locator('#product-related li').count()).resolves.toBe(shown.related.length);
    expect(shown.related.length).toBeGreaterThan(0);
    await screenshot('product');

    const form = page.waitForResponse((response) => new URL(response.url()).searchParams.get('productId') === wanted.id);
    await page.getByRole('link', { name: 'Order this' }).click();
    await form;
    await page.locator('#view-new-order').waitFor();
    await page.waitForFunction(`document.getElementById('status').textContent === ''`);
    await expect(page.getByRole('combobox', { name: /^Product\b/ }).inputValue()).resolves.toBe(wanted.id);
    await expect(page.getByLabel('Ship to').inputValue()).resolves.toBe('u_0001_a1');
    await page.getByLabel('Quantity').fill('2');
    const placed = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/orders' && response.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Place order' }).click();
    const order = (await (await placed).json()) as OrderDetailView;
    expect((await placed).status()).toBe(201);
    await page.waitForURL(`${web}/#/orders/${order.id}`);
    await page.locator('#view-order').waitFor();
    await expect(page.locator('#order-status').textContent()).resolves.toBe('pending');
    await expect(page.locator('#order-items li').allTextContents()).resolves.toEqual([
      `${wanted.name} × 2 · ${order.items[0].lineTotal.formatted}`,
    ]);
    expect(order.total.amount).toBe(wanted.price.amount * 2);

    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page
      .locator('#order-status')
      .filter({ hasText: /^cancelled$/ })
      .waitFor();
    await expect(page.getByRole('button', { name: 'Cancel order' }).isVisible()).resolves.toBe(false);
    await screenshot('cancelled');

    expect([...afterLogin]).toEqual(expect.arrayContaining([web, stack.urls['dev-idp']]));
    // Only web-bff, and the product images' own host (answered here with a placeholder, as a CDN would).
    expect([...origins].filter((origin) => origin !== 'https://images.facet.test')).toEqual([web]);
    expect((await seenSoFar()).filter((response) => response.leaked)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('offers no "Order this" for a product out of stock, and a link to order it says it cannot be ordered', async () => {
    await signIn();
    const catalogue = await page.evaluate<ProductListView>(
      `fetch('/api/products?limit=100', { headers: { 'X-CSRF': '1' } }).then((r) => r.json())`,
    );
    const soldOut = catalogue.products.find((product) => !product.inStock)!;
    await page.goto(`${web}/#/products/${soldOut.id}`);
    await page.locator('#view-product').waitFor();
    await expect(page.locator('#product-stock').textContent()).resolves.toBe('Out of stock');
    await expect(page.getByRole('link', { name: 'Order this' }).isVisible()).resolves.toBe(false);

    await page.goto(`${web}/#/new-order?product=${soldOut.id}`);
    await page.locator('#view-new-order').waitFor();
    await page.locator('#new-order-error').filter({ hasText: 'cannot be ordered right now' }).waitFor();
    await expect(page.getByRole('combobox', { name: /^Product\b/ }).inputValue()).resolves.not.toBe(soldOut.id);
    // A link naming no product at all opens the form without it.
    await page.goto(`${web}/#/new-order?product=p_99999`);
    await page.locator('#new-order-error').filter({ hasText: 'cannot be ordered right now' }).waitFor();
    await expect(page.locator('#new-order-product option').count()).resolves.toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('logs out here and at dev-idp, lands back on the page, and the session is gone (the API answers 401)', async () => {
    await signIn();
    // The logout answer is read as it arrives: the page leaves for dev-idp at once, too soon to read it afterwards.
    const logoutBodies: string[] = [];
    await page.route(`${web}/auth/logout`, async (route) => {
      const response = await route.fetch();
      logoutBodies.push(await response.text());
      await route.fulfill({ response });
    });

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.origin === stack.urls['dev-idp']);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await signOut.waitFor();
    await screenshot('dev-idp-sign-out');
    await signOut.click();
    await page.waitForURL(`${web}/`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await expect(page.getByTestId('user-name').textContent()).resolves.toBe('');

    const status = await page.evaluate<number>(`fetch('/api/dashboard', { headers: { 'X-CSRF': '1' } }).then((r) => r.status)`);
    expect(status).toBe(401);
    expect((await context.cookies(web)).map((cookie) => cookie.name)).not.toContain(SESSION_COOKIE);

    // dev-idp's session ended too: logging in again asks for the password.
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.origin === stack.urls['dev-idp']);
    await page.getByLabel('Password').waitFor();

    expect(problems).toEqual([]);
    expect((await seenSoFar()).filter((r) => r.leaked)).toEqual([]);
    expect(logoutBodies).toHaveLength(1);
    // The page learns where to go to end dev-idp's session, but never receives the ID token itself.
    expect(logoutBodies[0]).not.toMatch(JWT);
  });
});
