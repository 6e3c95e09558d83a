import { createHash } from 'node:crypto';
import { isDeepStrictEqual as isEqual } from 'node:util';
import { ORDER_STATUSES, type Order, type Product } from '@facet/domain';
import { SEED_ORDER_COUNT, seedOrders } from './orders';
import { SEED_PARTNERS } from './partners';
import { MAX_CATALOGUE_SIZE, SEED_PRODUCT_COUNT, seedProductById, seedProducts } from './products';
import { seedUserById } from './users';

/** Generates the seeds again in a fresh module registry, as a new process would. */
function freshSeeds(): { products: readonly Product[]; orders: readonly Order[] } {
  let seeds!: { products: readonly Product[]; orders: readonly Order[] };
  jest.isolateModules(() => {
    const { seedProducts: products } = jest.requireActual<typeof import('./products')>('./products');
    const { seedOrders: orders } = jest.requireActual<typeof import('./orders')>('./orders');
    seeds = { products: products(), orders: orders() };
  });
  return seeds;
}

describe('seeded products', () => {
  const products = seedProducts();

  it('are p_0001 … p_1200 with integer prices and several image sizes', () => {
    expect(products).toHaveLength(SEED_PRODUCT_COUNT);
    expect(products[0].id).toBe('p_0001');
    expect(products.at(-1)!.id).toBe('p_1200');
    const breaking = products.filter(
      (product) =>
        !Number.isInteger(product.price.amount) ||
        product.price.amount <= 0 ||
        product.images.length < 3 ||
        product.updatedAt < product.createdAt,
    );
    expect(breaking).toEqual([]);
    expect(new Set(products.map((product) => product.sku)).size).toBe(SEED_PRODUCT_COUNT);
  });
});

describe('seeded orders', () => {
  const orders = seedOrders();
  const products = seedProductById();
  const users = seedUserById();

  it('are the same on every run', () => {
    const again = freshSeeds();
    expect(again.orders).not.toBe(orders);
    expect(again.orders).toEqual(orders);
    expect(again.products).toEqual(seedProducts());
  });

  // Each check lists the orders that break it, so a failure names them (and 5,000 orders stay quick to check).
  const breaking = (rule: (order: Order) => boolean): string[] => orders.filter((order) => !rule(order)).map((order) => order.id);

  it('reference real users, their addresses and real products at catalogue prices, with correct totals', () => {
    expect(orders).toHaveLength(SEED_ORDER_COUNT);
    expect(breaking((order) => users.get(order.userId)!.addresses.some((address) => isEqual(address, order.shippingAddress)))).toEqual([]);
    expect(breaking((order) => order.items.length >= 1 && order.items.length <= 8)).toEqual([]);
    expect(breaking((order) => new Set(order.items.map((item) => item.productId)).size === order.items.length)).toEqual([]);
    expect(breaking((order) => order.items.every((item) => isEqual(item.unitPrice, products.get(item.productId)?.price)))).toEqual([]);
    expect(
      breaking((order) => order.total.amount === order.items.reduce((sum, item) => sum + item.unitPrice.amount * item.quantity, 0)),
    ).toEqual([]);
  });

  it('have a status history that starts pending, moves forward in time and ends in the status', () => {
    expect(breaking((order) => isEqual(order.statusHistory[0], { status: 'pending', at: order.createdAt }))).toEqual([]);
    expect(breaking((order) => order.statusHistory.at(-1)!.status === order.status)).toEqual([]);
    expect(breaking((order) => order.statusHistory.every((change, i, all) => i === 0 || change.at > all[i - 1].at))).toEqual([]);
    expect(breaking((order) => order.updatedAt >= order.statusHistory.at(-1)!.at)).toEqual([]);
  });

  it('have a shipment exactly when shipped or delivered', () => {
    expect(
      breaking((order) => (order.shipment !== undefined) === order.statusHistory.some((change) => change.status === 'shipped')),
    ).toEqual([]);
    expect(breaking((order) => order.status !== 'delivered' || order.shipment!.events.at(-1)!.description === 'Delivered')).toEqual([]);
  });

  it.each(['u_0001', 'u_0002'])('give %s at least twenty orders, with every status among them', (userId) => {
    const own = orders.filter((order) => order.userId === userId);
    expect(own.length).toBeGreaterThanOrEqual(20);
    for (const status of ORDER_STATUSES) expect(own.some((order) => order.status === status)).toBe(true);
  });
});

describe('seeded partners', () => {
  it('gives every product an owner and about half the orders a fulfilment partner, each partner a fair share', () => {
    const partners = SEED_PARTNERS.map((partner) => partner.id);
    const products = seedProducts();
    for (const partner of partners) {
      const share = products.filter((product) => product.partnerId === partner).length / products.length;
      expect(share).toBeGreaterThan(0.25);
      expect(share).toBeLessThan(0.42);
    }
    expect(products.every((product) => partners.includes(product.partnerId))).toBe(true);
    const assigned = seedOrders().filter((order) => order.fulfilmentPartnerId !== null);
    expect(assigned.length / seedOrders().length).toBeGreaterThan(0.45);
    expect(assigned.length / seedOrders().length).toBeLessThan(0.55);
    expect(assigned.every((order) => partners.includes(order.fulfilmentPartnerId!))).toBe(true);
  });

  it('moved nothing else in the seed: every other value is what it was before partners existed', () => {
    const products = seedProducts().map(({ partnerId: _owner, ...rest }) => rest);
    const orders = seedOrders().map(({ fulfilmentPartnerId: _fulfiller, ...rest }) => rest);
    // The digest of the seed as it was before partner fields were added (other e2e suites assert on seeded data).
    expect(
      createHash('sha256')
        .update(JSON.stringify([products, orders]))
        .digest('hex'),
    ).toBe('ff3a13ae5b895a0984c48bb3615c68000023f852a55bebc71c45d96f6adb0aaf');
  });

  it('begins a larger catalogue with exactly the default one, and refuses a size out of range', () => {
    const large = seedProducts(2000);
    expect(large).toHaveLength(2000);
    expect(large.slice(0, SEED_PRODUCT_COUNT)).toEqual(seedProducts());
    expect(() => seedProducts(0)).toThrow(/out of range/);
    expect(() => seedProducts(MAX_CATALOGUE_SIZE + 1)).toThrow(/out of range/);
  });
});
