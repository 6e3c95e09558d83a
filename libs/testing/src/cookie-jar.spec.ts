import { CookieJar } from './cookie-jar';

describe('CookieJar', () => {
  let now: number;
  let jar: CookieJar;

  beforeEach(() => {
    now = Date.parse('2030-01-01T00:00:00Z');
    jar = new CookieJar(() => now);
  });

  it('sends a cookie back to the host that set it, on any port, and not to other hosts', () => {
    jar.store('http://localhost:4000/login', ['sid=abc; Path=/']);
    expect(jar.cookieHeader('http://localhost:4000/anything')).toBe('sid=abc');
    expect(jar.cookieHeader('http://localhost:3000/')).toBe('sid=abc');
    expect(jar.cookieHeader('http://127.0.0.1:4000/')).toBeUndefined();
  });

  it('keeps a host-only cookie from subdomains, and sends a Domain cookie to them', () => {
    jar.store('https://shop.example.com/', ['host=1; Path=/', 'wide=2; Domain=.example.com; Path=/']);
    expect(jar.cookieHeader('https://shop.example.com/')).toBe('host=1; wide=2');
    expect(jar.cookieHeader('https://api.shop.example.com/')).toBe('wide=2');
    expect(jar.cookieHeader('https://www.example.com/')).toBe('wide=2');
  });

  it('ignores a cookie for a domain the setting host is not part of', () => {
    jar.store('https://shop.example.com/', ['evil=1; Domain=other.example.org']);
    expect(jar.all()).toEqual([]);
  });

  it('sends a cookie only under its path, the longest path first', () => {
    jar.store('http://localhost:4000/', ['a=root; Path=/', 'b=interaction; Path=/interaction/abc']);
    expect(jar.cookieHeader('http://localhost:4000/interaction/abc/login')).toBe('b=interaction; a=root');
    expect(jar.cookieHeader('http://localhost:4000/interaction/abc')).toBe('b=interaction; a=root');
    expect(jar.cookieHeader('http://localhost:4000/interaction/abcdef')).toBe('a=root');
    expect(jar.cookieHeader('http://localhost:4000/')).toBe('a=root');
  });

  it('defaults the path to the directory of the request path', () => {
    jar.store('http://localhost:4000/auth/callback', ['state=1']);
    expect(jar.all()[0].path).toBe('/auth');
    expect(jar.cookieHeader('http://localhost:4000/auth/other')).toBe('state=1');
    expect(jar.cookieHeader('http://localhost:4000/')).toBeUndefined();
  });

  it('replaces a cookie with the same name, domain and path', () => {
    jar.store('http://localhost:4000/', ['sid=old; Path=/']);
    jar.store('http://localhost:4000/', ['sid=new; Path=/']);
    expect(jar.cookieHeader('http://localhost:4000/')).toBe('sid=new');
  });

  it('forgets a cookie when it expires (Expires), and at once when told so (Max-Age=0, past Expires)', () => {
    jar.store('http://localhost:4000/', ['short=1; Expires=Tue, 01 Jan 2030 00:00:10 GMT', 'kept=1; Path=/']);
    expect(jar.cookieHeader('http://localhost:4000/')).toBe('short=1; kept=1');
    now += 10_000;
    expect(jar.cookieHeader('http://localhost:4000/')).toBe('kept=1');

    jar.store('http://localhost:4000/', ['kept=; Max-Age=0; Path=/']);
    expect(jar.cookieHeader('http://localhost:4000/')).toBeUndefined();

    jar.store('http://localhost:4000/', ['back=1; Path=/']);
    jar.store('http://localhost:4000/', ['back=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(jar.all()).toEqual([]);
  });

  it('lets Max-Age win over Expires', () => {
    jar.store('http://localhost:4000/', ['both=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(jar.get('http://localhost:4000/', 'both')).toBe('1');
    now += 60_000;
    expect(jar.get('http://localhost:4000/', 'both')).toBeUndefined();
  });

  it('accepts and sends Secure cookies over http on loopback hosts only, as browsers do', () => {
    jar.store('http://localhost:3000/', ['__Host-session=s; Secure; Path=/; HttpOnly']);
    jar.store('http://app.example.com/', ['insecure=1; Secure; Path=/']);
    expect(jar.cookieHeader('http://localhost:3000/')).toBe('__Host-session=s');
    expect(jar.all().map((cookie) => cookie.name)).toEqual(['__Host-session']);

    jar.store('https://app.example.com/', ['secure=1; Secure; Path=/']);
    expect(jar.cookieHeader('http://app.example.com/')).toBeUndefined();
    expect(jar.cookieHeader('https://app.example.com/')).toBe('secure=1');
  });

  it('enforces the __Secure- and __Host- prefixes', () => {
    jar.store('https://app.example.com/', [
      '__Secure-a=1; Path=/',
      '__Host-b=1; Secure; Path=/admin',
      '__Host-c=1; Secure; Path=/; Domain=app.example.com',
      '__Host-ok=1; Secure; Path=/',
    ]);
    expect(jar.all().map((cookie) => cookie.name)).toEqual(['__Host-ok']);
  });

  it('keeps values that contain "=" and ignores headers without a name', () => {
    jar.store('http://localhost:4000/', ['token=a=b==; Path=/', '=nameless; Path=/', 'novalue']);
    expect(jar.cookieHeader('http://localhost:4000/')).toBe('token=a=b==');
  });

  it('stores the cookies of a fetch Response', () => {
    const headers = new Headers();
    headers.append('set-cookie', 'a=1; Path=/');
    headers.append('set-cookie', 'b=2; Path=/');
    jar.storeResponse('http://localhost:4000/', new Response(null, { headers }));
    expect(jar.cookieHeader('http://localhost:4000/')).toBe('a=1; b=2');
  });
});
