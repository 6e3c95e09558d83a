import { BadRequestError } from '@facet/platform';
import { resolveServicePath } from './safe-path';

const base = new URL('http://localhost:4001/api/');

describe('resolveServicePath', () => {
  it('resolves a plain path under the base, keeping the base path', () => {
    expect(resolveServicePath(base, '/orders/o_00001')).toBe('/api/orders/o_00001');
    expect(resolveServicePath(new URL('http://localhost:4002/'), '/products')).toBe('/products');
  });

  it('keeps ordinary encoded characters', () => {
    expect(resolveServicePath(base, '/orders/a%20b')).toBe('/api/orders/a%20b');
  });

  it.each([
    ['an absolute URL', 'http://evil.test/orders'],
    ['a protocol-relative URL', '//evil.test/orders'],
    ['a relative path', 'orders'],
    ['an empty path', ''],
    ['a parent segment', '/orders/../admin'],
    ['a trailing parent segment', '/orders/..'],
    ['a current segment', '/./orders'],
    ['an encoded dot', '/orders/%2e%2e/admin'],
    ['an upper-case encoded dot', '/orders/%2E%2E/admin'],
    ['an encoded slash', '/orders%2f..%2fadmin'],
    ['an encoded backslash', '/orders/%5c..'],
    ['a double-encoded dot', '/orders/%252e%252e/admin'],
    ['a backslash', '/\\evil.test/orders'],
    ['a query', '/orders?userId=u_0002'],
    ['a fragment', '/orders#x'],
    ['a newline', '/orders\r\nHost: evil'],
    ['a space', '/orders /x'],
  ])('refuses %s', (_case, path) => {
    expect(() => resolveServicePath(base, path)).toThrow(BadRequestError);
    expect(() => resolveServicePath(base, path)).toThrow(/refused/);
  });

  it('refuses a non-string', () => {
    expect(() => resolveServicePath(base, undefined as unknown as string)).toThrow(/empty/);
  });
});
