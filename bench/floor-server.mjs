// The floor every BFF route is measured against (`npm run bench`, bench/bffs.mjs): the simplest hand-written
// aggregator that gives the same answer. node:http and undici keep-alive pools, the same backend calls in the same
// order (Promise.all where the BFF runs calls in parallel), and the BFFs' own compiled view functions for the same
// output; no framework, no validation, no resilience policies, no logging or metrics, and a cached service token
// instead of the BFFs' user credentials (the services verify a JWT either way). Started by the benchmark as its own
// process (`node bench/floor-server.mjs`, wired by environment), it answers:
//
//   GET /web/orders/:id                     what web-bff's GET /api/orders/:id answers
//   GET /mobile/home?user=                  mobile-bff's GET /v1/home
//   GET /mobile/orders?user=&limit=         mobile-bff's GET /v1/orders (a signed next cursor)
//   GET /partner/orders?partner=&limit=&updated_since=   partner-bff's GET /v1/orders
//   GET /bare                               a bare JSON answer: what any framework's cheapest route is measured against

import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Pool } from 'undici';
import { DIST, loadLib } from './lib.mjs';

const require = createRequire(import.meta.url);
const compiled = (file) => require(path.join(DIST, file));

const { toOrder, toOrderCounts, toOrderPage } = compiled('libs/downstream/src/mapping/order.mapper.js');
const { toProduct } = compiled('libs/downstream/src/mapping/product.mapper.js');
const { toUser } = compiled('libs/downstream/src/mapping/user.mapper.js');
const { productIdsOf } = compiled('libs/domain/src/index.js');
const { SignedCursorCodec } = compiled('libs/bff/src/cursor/signed-cursor.js');
const { toOrderDetailView } = compiled('apps/web-bff/src/orders/orders.view.js');
const { toHomeView, HOME_RECENT_ORDERS } = compiled('apps/mobile-bff/src/home/home.view.js');
const { firstProductIds, toOrderRowView } = compiled('apps/mobile-bff/src/orders/orders.view.js');
const { roleOf, toPartnerOrder } = compiled('apps/partner-bff/src/orders/order.view.js');

const testing = loadLib('testing');
const TIMEOUT_MS = 10_000;
const cursors = SignedCursorCodec.fromSecrets('floor-only-cursor-signing-secret-of-32-characters');

const pool = (url) => new Pool(url, { connections: 64, keepAliveTimeout: 4000 });
const orders = pool(process.env.ORDER_SERVICE_URL);
const products = pool(process.env.PRODUCT_SERVICE_URL);
const users = pool(process.env.USER_SERVICE_URL);

let token;
let tokenExpiresAt = 0;
async function serviceToken() {
  if (token && Date.now() < tokenExpiresAt - 30_000) return token;
  const set = await testing.clientCredentialsToken({
    issuer: process.env.OIDC_ISSUER_URL,
    clientId: 'facet-partner-bff',
    clientSecret: testing.DEV_ONLY_APP_ENV['partner-bff'].OIDC_CLIENT_SECRET,
    scope: 'orders:read products:read users:read',
  });
  token = set.access_token;
  tokenExpiresAt = Date.now() + set.expires_in * 1000;
  return token;
}

class UpstreamError extends Error {}

async function getJson(target, requestPath) {
  const { statusCode, body } = await target.request({
    method: 'GET',
    path: requestPath,
    headers: { accept: 'application/json', authorization: `Bearer ${await serviceToken()}` },
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
  });
  if (statusCode !== 200) {
    await body.dump();
    throw new UpstreamError(`${requestPath} answered ${statusCode}`);
  }
  return body.json();
}

/** The products by id, 100 at a time (the batch route's limit), the chunks in parallel: as the BFFs' batcher asks. */
const BATCH = 100;
async function productsById(ids) {
  const chunks = Array.from({ length: Math.ceil(ids.length / BATCH) }, (_, i) => ids.slice(i * BATCH, (i + 1) * BATCH));
  const pages = await Promise.all(chunks.map((chunk) => getJson(products, `/products?ids=${chunk.map(encodeURIComponent).join(',')}`)));
  return new Map(pages.flatMap((page) => page.items.map((payload) => [payload.id, toProduct(payload)])));
}

/** The user, by the batch route the BFFs' UsersClient asks. */
async function userById(id) {
  const found = await getJson(users, `/users?ids=${encodeURIComponent(id)}`);
  return toUser(found.items[0]);
}

const enc = encodeURIComponent;

const routes = {
  async web([id]) {
    const order = toOrder(await getJson(orders, `/orders/${enc(id)}`));
    const [found, user] = await Promise.all([productsById(productIdsOf([order])), userById(order.userId)]);
    return toOrderDetailView(order, found, user, []);
  },
  async home(_, query) {
    const userId = query.get('user');
    const [user, recent, stats] = await Promise.all([
      userById(userId),
      getJson(orders, `/orders?userId=${enc(userId)}&limit=${HOME_RECENT_ORDERS}`),
      getJson(orders, `/orders/stats?userId=${enc(userId)}`),
    ]);
    const recentOrders = toOrderPage(recent).items;
    const found = await productsById(firstProductIds(recentOrders));
    return toHomeView({ user, recentOrders, counts: toOrderCounts(stats.counts), products: found, degraded: [] });
  },
  async mobileOrders(_, query) {
    const userId = query.get('user');
    const page = toOrderPage(await getJson(orders, `/orders?userId=${enc(userId)}&limit=${enc(query.get('limit') ?? '20')}`));
    const found = await productsById(firstProductIds(page.items));
    return {
      items: page.items.map((order) => toOrderRowView(order, found)),
      nextCursor: page.nextCursor === null ? null : cursors.encode(page.nextCursor, `orders:${userId}`),
    };
  },
  async partnerOrders(_, query) {
    const partnerId = query.get('partner');
    const since = query.get('updated_since');
    const backendQuery = `partnerId=${enc(partnerId)}&limit=${enc(query.get('limit') ?? '50')}${since ? `&updatedSince=${enc(since)}` : ''}`;
    const page = toOrderPage(await getJson(orders, `/orders?${backendQuery}`));
    const found = await productsById(productIdsOf(page.items));
    return {
      data: page.items.map((order) => toPartnerOrder(order, roleOf(order, partnerId, found), partnerId, found)),
      next_cursor: page.nextCursor === null ? null : cursors.encode(page.nextCursor, `orders:${partnerId}::${since ?? ''}`),
    };
  },
};

const ROUTES = [
  [/^\/web\/orders\/([A-Za-z0-9_-]{1,64})$/, routes.web],
  [/^\/mobile\/home$/, routes.home],
  [/^\/mobile\/orders$/, routes.mobileOrders],
  [/^\/partner\/orders$/, routes.partnerOrders],
];

const BARE = { status: 'ok' };

const server = http.createServer((req, res) => {
  const send = (status, payload) => {
    const text = JSON.stringify(payload);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const url = new URL(req.url ?? '/', 'http://floor');
  if (url.pathname === '/bare') return send(200, BARE);
  for (const [pattern, handle] of ROUTES) {
    const match = pattern.exec(url.pathname);
    if (!match) continue;
    handle(match.slice(1), url.searchParams).then(
      (view) => send(200, view),
      (error) => send(error instanceof UpstreamError ? 502 : 500, { error: error.message }),
    );
    return undefined;
  }
  return send(404, { error: 'not found' });
});
server.keepAliveTimeout = 65_000;
await serviceToken();
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
