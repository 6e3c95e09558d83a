import { safeReturnTo } from './return-to';

const origin = 'http://localhost:3000';

describe('safeReturnTo', () => {
  it.each([
    ['/orders/o_00001', '/orders/o_00001'],
    ['/orders?page=2#top', '/orders?page=2#top'],
    ['/', '/'],
  ])('keeps the same-site path %s', (input, expected) => {
    expect(safeReturnTo(input, origin)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'orders',
    '/%0d%0aSet-Cookie:x=1'.replace('%0d%0a', '\r\n'),
    '',
    undefined,
    ['/a', '/b'],
    `/${'a'.repeat(3000)}`,
  ])('falls back to / for %p', (input) => {
    expect(safeReturnTo(input, origin)).toBe('/');
  });
});
