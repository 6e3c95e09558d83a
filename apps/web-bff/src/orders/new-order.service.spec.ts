import type { Page, Product, User } from '@facet/domain';
import { DownstreamError, type ProductSearchQuery, type ProductsClient, type UsersClient } from '@facet/downstream';
import { ada, product } from '@facet/testing';
import { NewOrderQueryDto } from './new-order.dto';
import { NewOrderService } from './new-order.service';

const outage = (service: string) => new DownstreamError({ service, kind: 'refused', route: 'GET /', durationMs: 1 });

/** A call that answers only when told to, so a test can see which calls were started before any answered. */
function pending<T>() {
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}

describe('NewOrderService', () => {
  const page: Page<Product> = { items: [product('p_0001', 'Pen')], nextCursor: null, totalCount: 1 };

  function serviceWith(user: Promise<User>, products: Promise<Page<Product>>, chosen?: () => Promise<Product>, stale: string[] = []) {
    const getUser = jest.fn((_id: string) => user);
    const search = jest.fn((_query: ProductSearchQuery) => products);
    const getProduct = jest.fn((_id: string) => (chosen ? chosen() : Promise.reject(outage('products'))));
    const servedStale = () => stale;
    const service = new NewOrderService(
      { getUser } as unknown as UsersClient,
      { search, getProduct, servedStale } as unknown as ProductsClient,
    );
    return { service, getUser, search, getProduct };
  }

  it("asks for the session user's profile and the product search at once, passing the query on", async () => {
    const user = pending<User>();
    const products = pending<Page<Product>>();
    const { service, getUser, search } = serviceWith(user.promise, products.promise);
    const query = Object.assign(new NewOrderQueryDto(), { q: 'pen', category: 'office' });

    const view = service.load('u_0001', query);
    expect(getUser).toHaveBeenCalledWith('u_0001');
    expect(search).toHaveBeenCalledWith({ q: 'pen', category: 'office', limit: 20 });
    user.resolve(ada);
    products.resolve(page);
    await expect(view).resolves.toMatchObject({ shippingAddresses: [{ id: 'u_0001_a1' }], products: [{ id: 'p_0001' }], degraded: [] });
  });

  it('answers with the addresses when the product service is down, naming products', async () => {
    const { service } = serviceWith(Promise.resolve(ada), Promise.reject(outage('products')));
    await expect(service.load('u_0001', new NewOrderQueryDto())).resolves.toMatchObject({
      shippingAddresses: [{ id: 'u_0001_a1' }],
      products: [],
      degraded: [{ part: 'products', reason: 'unavailable' }],
    });
  });

  it('answers with the products when the user service is down, naming the addresses', async () => {
    const { service } = serviceWith(Promise.reject(outage('users')), Promise.resolve(page));
    await expect(service.load('u_0001', new NewOrderQueryDto())).resolves.toMatchObject({
      shippingAddresses: [],
      products: [{ id: 'p_0001' }],
      degraded: [{ part: 'shippingAddresses', reason: 'unavailable' }],
    });
  });

  it('offers the product the user came to order first, fetched alongside the search', async () => {
    const { service, getProduct } = serviceWith(Promise.resolve(ada), Promise.resolve(page), () =>
      Promise.resolve(product('p_0042', 'Lamp')),
    );
    const view = await service.load('u_0001', Object.assign(new NewOrderQueryDto(), { productId: 'p_0042' }));
    expect(getProduct).toHaveBeenCalledWith('p_0042');
    expect(view.products.map((offered) => offered.id)).toEqual(['p_0042', 'p_0001']);
  });

  it('names products stale when the chosen product is the cache’s last copy', async () => {
    const { service } = serviceWith(Promise.resolve(ada), Promise.resolve(page), () => Promise.resolve(product('p_0042')), ['p_0042']);
    const view = await service.load('u_0001', Object.assign(new NewOrderQueryDto(), { productId: 'p_0042' }));
    expect(view.degraded).toEqual([{ part: 'products', reason: 'stale' }]);
  });

  it('answers a productId that names no product with a 400 naming it', async () => {
    const missing = new DownstreamError({ service: 'products', kind: 'not-found', route: 'GET /products', durationMs: 1 });
    const { service } = serviceWith(Promise.resolve(ada), Promise.resolve(page), () => Promise.reject(missing));
    await expect(service.load('u_0001', Object.assign(new NewOrderQueryDto(), { productId: 'p_9999' }))).rejects.toMatchObject({
      status: 400,
      fields: [{ field: 'productId', problems: ['productId p_9999 names no product'] }],
    });
  });

  it('names products once when both the search and the chosen product are unavailable', async () => {
    const { service } = serviceWith(Promise.resolve(ada), Promise.reject(outage('products')));
    const view = await service.load('u_0001', Object.assign(new NewOrderQueryDto(), { productId: 'p_0042' }));
    expect(view.degraded).toEqual([{ part: 'products', reason: 'unavailable' }]);
  });
});
