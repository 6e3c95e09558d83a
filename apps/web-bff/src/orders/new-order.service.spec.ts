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

  function serviceWith(user: Promise<User>, products: Promise<Page<Product>>) {
    const getUser = jest.fn((_id: string) => user);
    const search = jest.fn((_query: ProductSearchQuery) => products);
    const service = new NewOrderService({ getUser } as unknown as UsersClient, { search } as unknown as ProductsClient);
    return { service, getUser, search };
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
});
