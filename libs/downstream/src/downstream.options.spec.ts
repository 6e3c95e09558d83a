import { DEFAULT_RESILIENCE, type DownstreamModuleOptions, resolveOptions } from './downstream.options';

const services = {
  orders: { baseUrl: 'http://localhost:4001' },
  products: { baseUrl: 'https://api.example.test/catalogue', maxSockets: 8 },
  users: { baseUrl: 'http://localhost:4003/' },
};

describe('resolveOptions', () => {
  it('fills in defaults', () => {
    const resolved = resolveOptions({ services });
    expect(resolved.services.orders.resilience).toEqual(DEFAULT_RESILIENCE);
    expect(resolved.services.orders.maxSockets).toBe(64);
    expect(resolved).toMatchObject({ defaultIdentity: 'user', maxBatchSize: 100, coalesceGets: true, readiness: [] });
    expect(resolved.productCache).toBeUndefined();
    expect(resolved.serviceIdentity).toBeUndefined();
  });

  it('keeps a base path and makes it end with a slash', () => {
    const resolved = resolveOptions({ services });
    expect(resolved.services.products.baseUrl.href).toBe('https://api.example.test/catalogue/');
    expect(resolved.services.users.baseUrl.href).toBe('http://localhost:4003/');
    expect(resolved.services.products.maxSockets).toBe(8);
  });

  it('merges app-wide resilience with each service’s own, deeply', () => {
    const resolved = resolveOptions({
      services: { ...services, products: { ...services.products, resilience: { retry: { maxAttempts: 1 } } } },
      resilience: { timeoutMs: 300, circuitBreaker: { halfOpenAfterMs: 1000 } },
    });
    expect(resolved.services.orders.resilience).toEqual({
      ...DEFAULT_RESILIENCE,
      timeoutMs: 300,
      circuitBreaker: { ...DEFAULT_RESILIENCE.circuitBreaker, halfOpenAfterMs: 1000 },
    });
    expect(resolved.services.products.resilience.retry).toEqual({ ...DEFAULT_RESILIENCE.retry, maxAttempts: 1 });
    expect(resolved.services.products.resilience.timeoutMs).toBe(300);
  });

  it('fills in identity, cache and readiness settings', () => {
    const resolved = resolveOptions({
      services,
      serviceIdentity: { issuer: 'http://localhost:4000', clientId: 'c', clientSecret: 's', scope: 'products:read users:read' },
      defaultIdentity: 'service',
      productCache: { store: 'memory', ttlMs: 1000, staleWhileRevalidateMs: 0, staleIfErrorMs: 60_000 },
      readiness: true,
    });
    expect(resolved.serviceIdentity).toMatchObject({ refreshBeforeExpiryMs: 30_000, timeoutMs: 5000 });
    expect(resolved.productCache).toMatchObject({ maxEntries: 10_000, keyPrefix: 'facet:downstream:product:' });
    expect(resolved.readiness).toEqual(['orders', 'products', 'users']);
    expect(resolveOptions({ services, readiness: ['products'] }).readiness).toEqual(['products']);
  });

  it.each<[string, Partial<DownstreamModuleOptions>, RegExp]>([
    ['a missing service', { services: { ...services, users: undefined! } }, /services\.users is missing/],
    ['a malformed base URL', { services: { ...services, orders: { baseUrl: 'not a url' } } }, /orders\.baseUrl is not a URL/],
    ['a non-http base URL', { services: { ...services, orders: { baseUrl: 'ftp://x' } } }, /must be http\(s\)/],
    ['a base URL with a query', { services: { ...services, orders: { baseUrl: 'http://x/?a=1' } } }, /must not carry a query/],
    ['a zero timeout', { resilience: { timeoutMs: 0 } }, /orders\.timeoutMs must be a number ≥ 1/],
    ['a call budget below one attempt', { resilience: { timeoutMs: 500, totalTimeoutMs: 100 } }, /totalTimeoutMs must be a number ≥ 500/],
    ['a batch size over the contract', { maxBatchSize: 101 }, /maxBatchSize must be an integer from 1 to 100/],
    [
      'a redis cache without a URL',
      { productCache: { store: 'redis', ttlMs: 1, staleWhileRevalidateMs: 0, staleIfErrorMs: 0 } },
      /redisUrl is needed/,
    ],
    ['service identity by default without one', { defaultIdentity: 'service' }, /needs serviceIdentity/],
    [
      'a service identity that asks for no scope',
      { serviceIdentity: { issuer: 'http://localhost:4000', clientId: 'c', clientSecret: 's', scope: ' ' } },
      /serviceIdentity\.scope must name the scopes/,
    ],
    [
      'a service identity without a scope',
      {
        serviceIdentity: {
          issuer: 'http://localhost:4000',
          clientId: 'c',
          clientSecret: 's',
        } as DownstreamModuleOptions['serviceIdentity'],
      },
      /serviceIdentity\.scope must name the scopes/,
    ],
  ])('refuses %s at start-up, naming the setting', (_case, overrides, message) => {
    expect(() => resolveOptions({ services, ...overrides })).toThrow(message);
  });
});
