import { safeReturnTo } from './return-to';

const origin = 'http://localhost:3000';

describe('safeReturnTo', () => {
  it.each([
    ['/orders/o_00001', '/orders/o_00001'],
    ['/orders?page=2#top', '/orders?page=2#top'],
    ['/', '/'],
    ['/a/../orders', '/orders'],
    ['/./orders', '/orders'],
    ['/orders/%2e%2e/dashboard', '/dashboard'],
    ['/%2f/evil.example', '/%2f/evil.example'],
    ['/%5c/evil.example', '/%5c/evil.example'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/;@evil.example', '/;@evil.example'],
    ['/@evil.example', '/@evil.example'],
    ['/#//evil.example', '/#//evil.example'],
    ['/?next=//evil.example', '/?next=//evil.example'],
    // Look-alikes of / and \ are ordinary characters: percent-encoded, they stay in the path.
    ['/\u2215evil.example', '/%E2%88%95evil.example'],
    ['/\uff0fevil.example', '/%EF%BC%8Fevil.example'],
    ['/\uff3cevil.example', '/%EF%BC%BCevil.example'],
  ])('keeps the same-site path %s as %s', (input, expected) => {
    expect(safeReturnTo(input, origin)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    // Dot segments that normalise to a protocol-relative URL.
    '/.//evil.example',
    '/..//evil.example',
    '/../..//evil.example',
    '/a/..//evil.example',
    '/%2e%2e//evil.example',
    '/%2E%2E//evil.example',
    '/%2e//evil.example',
    '/.%2e//evil.example',
    '/./\\evil.example',
    // Tabs, newlines and carriage returns, which URL parsers drop.
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/.\t/\t/evil.example',
    '/%0d%0aSet-Cookie:x=1'.replace('%0d%0a', '\r\n'),
    'javascript:alert(1)',
    'orders',
    '',
    undefined,
    ['/a', '/b'],
    `/${'a'.repeat(3000)}`,
  ])('falls back to / for %p', (input) => {
    expect(safeReturnTo(input, origin)).toBe('/');
  });

  it('falls back to / for a path short enough as given and too long once percent-encoded', () => {
    const accented = `/${'\u00e9'.repeat(1000)}`;
    expect(accented.length).toBeLessThan(2048);
    expect(safeReturnTo(accented, origin)).toBe('/');
  });

  it('sends no input to a path that starts with two slashes or a slash and a backslash', () => {
    const segments = ['', '.', '..', '%2e', '%2E%2e', '\\', '%5c', '%2f', '\t', 'a'];
    for (const first of segments)
      for (const second of segments)
        for (const third of segments) {
          const result = safeReturnTo(`/${first}/${second}/${third}evil.example`, origin);
          expect(result === '/' || /^\/[^/\\]/.test(result)).toBe(true);
        }
  });
});
