import { RequestValidationError } from '@facet/platform';
import { forwardedQuery, matchRoute, parseAllowlist } from './allowlist';
import { WebBffConfig } from '../web-bff.config';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** What web-bff's start-up check says about the setting (the other settings are left out of this test). */
function allowlistProblems(setting: string): unknown[] {
  return validateSync(plainToInstance(WebBffConfig, { PASSTHROUGH_ALLOWLIST: setting })).filter(
    (problem) => problem.property === 'PASSTHROUGH_ALLOWLIST',
  );
}

describe('passthrough allowlist', () => {
  const routes = parseAllowlist('GET products /categories, GET products /products/:id, GET products /products?q&category&limit');

  it('parses each route with the query parameters it forwards (none without ?)', () => {
    expect(routes.map((route) => ({ ...route, queryParameters: [...route.queryParameters] }))).toEqual([
      { method: 'GET', service: 'products', segments: ['categories'], queryParameters: [] },
      { method: 'GET', service: 'products', segments: ['products', ':id'], queryParameters: [] },
      { method: 'GET', service: 'products', segments: ['products'], queryParameters: ['q', 'category', 'limit'] },
    ]);
  });

  it.each([
    'GET products /categories, GET products /products/:id',
    'GET products /products?q&category&limit',
    'GET products /products?q,POST orders /orders',
  ])('is accepted by the configuration check: %s', (setting) => {
    expect(allowlistProblems(setting)).toEqual([]);
  });

  it.each(['GET products /products?', 'GET products /products?q&', 'GET products /products?q=1', 'GET products /products?q&&limit'])(
    'is refused by the configuration check: %s',
    (setting) => {
      expect(allowlistProblems(setting)).toHaveLength(1);
    },
  );

  it.each([
    ['GET', '/categories', '/categories'],
    ['get', '/products/p_0001', '/products/p_0001'],
    // What is forwarded is the checked segments, encoded again: not the raw text of the request.
    ['GET', '/products/%70_0001', '/products/p_0001'],
    ['GET', '//products//p_0001/', '/products/p_0001'],
    ['GET', '/%63ategories', '/categories'],
  ])('allows %s %s and forwards %s', (method, path, forwarded) => {
    expect(matchRoute(routes, method, 'products', path)?.path).toBe(forwarded);
  });

  it.each([
    ['POST', 'products', '/categories'],
    ['GET', 'orders', '/categories'],
    ['GET', 'products', '/products/p_0001/extra'],
    ['GET', 'products', '/products/..'],
    ['GET', 'products', '/products/%2e%2e'],
    ['GET', 'products', '/products/a%2Fb'],
    ['GET', 'products', '/products/a%5Cb'],
    ['GET', 'products', '/products/%zz'],
    ['GET', 'products', '/products/p%00'],
    ['GET', 'products', '/__admin/faults'],
    ['GET', 'evil.example', '/categories'],
  ])('refuses %s %s %s', (method, service, path) => {
    expect(matchRoute(routes, method, service, path)).toBeUndefined();
  });

  describe('forwarded query', () => {
    const search = routes[2];

    it("forwards the route's parameters, decoded (the client encodes them again)", () => {
      expect(forwardedQuery(search, 'q=cast%20iron&limit=2')).toEqual({ q: 'cast iron', limit: '2' });
      expect(forwardedQuery(search, '')).toEqual({});
    });

    it('refuses unknown parameters and repeated ones with 400, naming each', () => {
      let refused: unknown;
      try {
        forwardedQuery(search, 'q=a&cursor=x&ids=p_0001&limit=1&limit=2');
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(RequestValidationError);
      expect((refused as RequestValidationError).status).toBe(400);
      expect((refused as RequestValidationError).fields.map((field) => field.field)).toEqual(['cursor', 'ids', 'limit']);
    });

    it('refuses any parameter on a route that forwards none', () => {
      expect(() => forwardedQuery(routes[0], 'q=x')).toThrow(RequestValidationError);
    });
  });
});
