import type { Order, Product } from '@facet/domain';
import { SEED_PARTNERS, seedOrders, seedProductById, seedProducts } from '@facet/sandbox';
import { type RunningStack, startStack } from '@facet/testing';
import { type Answer, call, invalidFields, serviceToken, userLogin } from './reference-world.helpers';

/**
 * The reference world's partner data over real HTTP (docs/reference-world.md): who owns a product, who fulfils an
 * order, and the partnerId / updatedSince filters of both listings. The seed is the oracle: the services are started
 * with the default catalogue, and these tests create nothing before they walk the listings.
 */
describe('reference world: partners', () => {
  let stack: RunningStack;
  let products: string;
  let orders: string;
  let service: string;
  let ada: string;

  const owner = seedProductById();
  const isPartners = (order: Pick<Order, 'items' | 'fulfilmentPartnerId'>, partnerId: string): boolean =>
    order.fulfilmentPartnerId === partnerId || order.items.some((item) => owner.get(item.productId)!.partnerId === partnerId);

  /** Every item of a listing, page by page through its cursor, failing on an item seen twice. */
  async function walk<T extends { id: string }>(url: string, token: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const answer: Answer = await call(`${url}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, { token });
      expect(answer.status).toBe(200);
      items.push(...(answer.body.items as T[]));
      cursor = answer.body.nextCursor as string | null;
    } while (cursor !== null);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    return items;
  }

  beforeAll(async () => {
    stack = await startStack({ apps: ['dev-idp', 'product-service', 'order-service'] });
    ({ 'product-service': products, 'order-service': orders } = stack.urls);
    const issuer = stack.urls['dev-idp'];
    const [serviceTokens, adaLogin] = await Promise.all([serviceToken(issuer), userLogin(issuer, 'ada@example.test')]);
    service = serviceTokens;
    ada = adaLogin.access_token;
  });

  afterAll(() => stack?.stop());

  describe('product-service', () => {
    it('gives every product its owning partner, each partner about a third of the catalogue', async () => {
      const answer = await call(`${products}/products?ids=p_0001,p_0002,p_0003,p_1200`, { token: service });
      expect(answer.body.items.map((product: Product) => product.partnerId)).toEqual(
        ['p_0001', 'p_0002', 'p_0003', 'p_1200'].map((id) => owner.get(id)!.partnerId),
      );
      for (const { id } of SEED_PARTNERS) {
        const page = await call(`${products}/products?partnerId=${id}&limit=1`, { token: ada });
        expect(page.body.totalCount).toBeGreaterThan(300);
        expect(page.body.totalCount).toBeLessThan(500);
      }
    });

    it("lists exactly one partner's products in id order, page by page, combined with a category", async () => {
      const listed = await walk<Product>(`${products}/products?partnerId=globex&limit=37`, service);
      expect(listed.map((product) => product.id)).toEqual(
        seedProducts()
          .filter((product) => product.partnerId === 'globex')
          .map((product) => product.id),
      );
      const books = await walk<Product>(`${products}/products?partnerId=globex&category=books&limit=10`, service);
      expect(books.length).toBeGreaterThan(10);
      expect(books.every((product) => product.partnerId === 'globex' && product.category === 'books')).toBe(true);
    });

    it('lists the products changed at or after updatedSince, the boundary included, combined with a partner', async () => {
      const pivot = seedProducts().find((product) => product.partnerId === 'initech')!;
      const since = (ms: number): string => new Date(ms).toISOString();
      const at = Date.parse(pivot.updatedAt);
      const from = await walk<Product>(`${products}/products?partnerId=initech&updatedSince=${since(at)}&limit=100`, service);
      expect(from.map((product) => product.id)).toEqual(
        seedProducts()
          .filter((product) => product.partnerId === 'initech' && product.updatedAt >= pivot.updatedAt)
          .map((product) => product.id),
      );
      expect(from.map((product) => product.id)).toContain(pivot.id);
      const after = await walk<Product>(`${products}/products?partnerId=initech&updatedSince=${since(at + 1)}&limit=100`, service);
      expect(after.map((product) => product.id)).not.toContain(pivot.id);
      expect((await call(`${products}/products?updatedSince=2999-01-01T00:00:00Z`, { token: service })).body).toMatchObject({
        items: [],
        totalCount: 0,
        nextCursor: null,
      });
    });

    it.each([
      ['updatedSince that is not a date', 'updatedSince=yesterday', ['updatedSince']],
      ['updatedSince that is not in UTC', 'updatedSince=2026-11-01T00:00:00%2B01:00', ['updatedSince']],
      ['updatedSince without a time', 'updatedSince=2026-11-01', ['updatedSince']],
      ['an ISO-8601 week date', 'updatedSince=2026-W44', ['updatedSince']],
      ['a partnerId that is not a partner id', 'partnerId=ACME', ['partnerId']],
      ['partnerId given twice', 'partnerId=acme&partnerId=globex', ['partnerId']],
      ['ids with partnerId', 'ids=p_0001&partnerId=acme', ['ids']],
      ['ids with updatedSince', 'ids=p_0001&updatedSince=2026-01-01T00:00:00Z', ['ids']],
    ])('refuses %s with 400 naming the field', async (_case, query, fields) => {
      expect(invalidFields(await call(`${products}/products?${query}`, { token: service }))).toEqual(fields);
    });
  });

  describe('order-service', () => {
    it("lists exactly a partner's orders for a service (its products or its fulfilment), newest first, with a status", async () => {
      const listed = await walk<Order>(`${orders}/orders?partnerId=acme&status=shipped&limit=23`, service);
      const expected = seedOrders()
        .filter((order) => order.status === 'shipped' && isPartners(order, 'acme'))
        .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
      expect(expected.length).toBeGreaterThan(50);
      expect(listed.map((order) => order.id)).toEqual(expected.map((order) => order.id));
      // An order fulfilled by acme that holds none of acme's products is among them.
      expect(listed.some((order) => order.items.every((item) => owner.get(item.productId)!.partnerId !== 'acme'))).toBe(true);
      const fulfilment = listed.map((order) => order.fulfilmentPartnerId);
      expect(fulfilment).toContain(null);
      expect(fulfilment).toContain('acme');
    });

    it('lists the orders changed at or after updatedSince, the boundary included, combined with a partner', async () => {
      const pivot = seedOrders().find((order) => order.status === 'delivered' && isPartners(order, 'globex'))!;
      const listed = await walk<Order>(`${orders}/orders?partnerId=globex&updatedSince=${pivot.updatedAt}&limit=100`, service);
      expect(listed.map((order) => order.id).sort()).toEqual(
        seedOrders()
          .filter((order) => isPartners(order, 'globex') && order.updatedAt >= pivot.updatedAt)
          .map((order) => order.id)
          .sort(),
      );
      expect(listed.map((order) => order.id)).toContain(pivot.id);
      const later = new Date(Date.parse(pivot.updatedAt) + 1).toISOString();
      const after = await walk<Order>(`${orders}/orders?partnerId=globex&updatedSince=${later}&limit=100`, service);
      expect(after.map((order) => order.id)).not.toContain(pivot.id);
    });

    it('lists only the orders assigned to a partner for fulfilment with fulfilmentPartnerId', async () => {
      const listed = await walk<Order>(`${orders}/orders?fulfilmentPartnerId=initech&status=paid&limit=50`, service);
      const expected = seedOrders().filter((order) => order.fulfilmentPartnerId === 'initech' && order.status === 'paid');
      expect(expected.length).toBeGreaterThan(5);
      expect(listed.map((order) => order.id).sort()).toEqual(expected.map((order) => order.id).sort());
    });

    it("answers one order with partnerId when it is that partner's, and 404 when it is not", async () => {
      const order = seedOrders().find((candidate) => isPartners(candidate, 'initech') && !isPartners(candidate, 'globex'))!;
      const own = await call(`${orders}/orders/${order.id}?partnerId=initech`, { token: service });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ id: order.id, fulfilmentPartnerId: order.fulfilmentPartnerId });
      const other = await call(`${orders}/orders/${order.id}?partnerId=globex`, { token: service });
      expect(other.body.error).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });

    it("refuses partnerId on a user's token with 403, listing or reading", async () => {
      const adas = (await call(`${orders}/orders?limit=1`, { token: ada })).body.items[0] as Order;
      for (const path of ['/orders?partnerId=acme', '/orders?fulfilmentPartnerId=acme', `/orders/${adas.id}?partnerId=acme`]) {
        const answer = await call(`${orders}${path}`, { token: ada });
        expect(answer.status).toBe(403);
        expect(answer.body.error).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      }
      // updatedSince alone is for everyone: it narrows a user's own orders.
      const since = await call(`${orders}/orders?updatedSince=2025-01-01T00:00:00Z&limit=100`, { token: ada });
      expect(since.status).toBe(200);
      expect(since.body.items.every((order: Order) => order.userId === 'u_0001' && order.updatedAt >= '2025-01-01T00:00:00.000Z')).toBe(
        true,
      );
    });

    it.each([
      ['updatedSince that is not a date', 'updatedSince=2026-13-01T00:00:00Z', ['updatedSince']],
      ['updatedSince that is not in UTC', 'updatedSince=2026-11-01T10:00:00', ['updatedSince']],
      ['a partnerId that is not a partner id', 'partnerId=a', ['partnerId']],
    ])('refuses %s with 400 naming the field', async (_case, query, fields) => {
      expect(invalidFields(await call(`${orders}/orders?${query}`, { token: service }))).toEqual(fields);
    });

    it('refuses a bad partnerId on one order with 400 naming it', async () => {
      expect(invalidFields(await call(`${orders}/orders/o_00001?partnerId=Not%20A%20Partner`, { token: service }))).toEqual(['partnerId']);
    });

    it("creates an order with no fulfilment partner; it is a partner's by its products", async () => {
      const acmes = seedProducts().find((product) => product.partnerId === 'acme')!;
      const created = await call(`${orders}/orders`, {
        token: ada,
        method: 'POST',
        body: { items: [{ productId: acmes.id, quantity: 1 }], shippingAddressId: 'u_0001_a1' },
      });
      expect(created.status).toBe(201);
      expect(created.body.fulfilmentPartnerId).toBeNull();
      const listed = await call(`${orders}/orders?partnerId=acme&updatedSince=${created.body.updatedAt}&limit=100`, { token: service });
      expect(listed.body.items.map((order: Order) => order.id)).toContain(created.body.id);
      expect((await call(`${orders}/orders/${created.body.id}?partnerId=acme`, { token: service })).status).toBe(200);
      const others = SEED_PARTNERS.map((partner) => partner.id).filter((id) => id !== 'acme');
      for (const partnerId of others) {
        expect((await call(`${orders}/orders/${created.body.id}?partnerId=${partnerId}`, { token: service })).status).toBe(404);
      }
    });
  });
});
