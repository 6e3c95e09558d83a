import { isAllowed, parseAllowlist } from './allowlist';

describe('passthrough allowlist', () => {
  const routes = parseAllowlist('GET products /categories, GET products /products/:id');

  it('allows exactly the configured routes', () => {
    expect(isAllowed(routes, 'GET', 'products', '/categories')).toBe(true);
    expect(isAllowed(routes, 'get', 'products', '/products/p_0001')).toBe(true);
  });

  it.each([
    ['POST', 'products', '/categories'],
    ['GET', 'orders', '/categories'],
    ['GET', 'products', '/products'],
    ['GET', 'products', '/products/p_0001/extra'],
    ['GET', 'products', '/products/..'],
    ['GET', 'products', '/products/%2e%2e'],
    ['GET', 'products', '/products/a%2Fb'],
    ['GET', 'products', '/products/%zz'],
    ['GET', 'products', '/__admin/faults'],
    ['GET', 'evil.example', '/categories'],
  ])('refuses %s %s %s', (method, service, path) => {
    expect(isAllowed(routes, method, service, path)).toBe(false);
  });
});
