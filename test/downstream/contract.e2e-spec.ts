import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOWNSTREAM_TRANSPORTS, DownstreamError } from '@facet/downstream';
import { type Downstream, createDownstream } from './downstream-harness';

/**
 * A backend that changed shape. This one is a throwaway local server on purpose: it plays a broken
 * third-party service, not one of ours, so the reference services stay true to their contract.
 */
describe.each(DOWNSTREAM_TRANSPORTS)('a backend that breaks the contract, over %s', (transport) => {
  let server: Server;
  let downstream: Downstream;
  const as = { identity: { accessToken: 'any-token' } };
  const product = (id: string) => ({
    id,
    sku: 'S',
    name: 'N',
    description: 'D',
    price: { amount: 100, currency: 'GBP' },
    category: 'kitchen',
    images: [],
    stock: 1,
    attributes: {},
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      // Prices moved to a string in "major units" and the batch envelope was renamed.
      if (url.pathname === '/products' && url.searchParams.has('ids')) return send({ products: [{ ...product('p_0001'), price: '1.00' }] });
      if (url.pathname === '/users') return send({ items: [{ id: 'u_0001', email: 'ada@example.test', displayName: 'Ada' }], missing: [] });
      if (url.pathname === '/orders/o_1') return send({ ...product('o_1'), status: 'lost' });
      if (url.pathname === '/orders/stats') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
      return send({ items: [{ ...product('p_0001'), price: { amount: '1.00', currency: 'GBP' } }], nextCursor: null, totalCount: 1 });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
    downstream = await createDownstream({ services: { orders: { baseUrl }, products: { baseUrl }, users: { baseUrl } }, transport });
  });

  afterAll(async () => {
    await downstream?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  const failure = (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (error: unknown) => error,
    );

  it('is an invalid-response DownstreamError naming service, route and field, not a TypeError', async () => {
    const error = await failure(downstream.products.getProduct('p_0001', as));
    expect(error).toBeInstanceOf(DownstreamError);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).toMatchObject({
      service: 'products',
      route: 'GET /products?ids',
      kind: 'invalid-response',
      status: 502,
      code: 'DOWNSTREAM_INVALID_RESPONSE',
    });
    expect((error as Error).message).toMatch(/^products GET \/products\?ids sent a response that breaks the contract: items: /);
  });

  it('names nested fields', async () => {
    const search = await failure(downstream.products.search({ q: 'x' }, as));
    expect((search as Error).message).toContain('items.0.price.amount: amount must be an integer number');
    const user = await failure(downstream.users.getUser('u_0001', as));
    expect(user).toMatchObject({ service: 'users', kind: 'invalid-response' });
    expect((user as Error).message).toMatch(/items\.0\.name: .*items\.0\.preferences/);
    const order = await failure(downstream.orders.get('o_1', as));
    expect((order as Error).message).toMatch(
      /^orders GET \/orders\/:id .*status: status must be one of the following values: pending, paid, shipped, delivered, cancelled/,
    );
  });

  it('says so when the body is not JSON at all', async () => {
    const error = await failure(downstream.orders.stats('u_0001', as));
    expect(error).toMatchObject({ kind: 'invalid-response', route: 'GET /orders/stats' });
    expect((error as Error).message).toContain('body is text, not JSON');
  });
});
