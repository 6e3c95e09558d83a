/**
 * A small cookie jar for scripted HTTP clients in tests (a "browser" made of fetch calls). It follows RFC 6265
 * closely enough for Facet's apps: host-only and domain cookies (ports ignored, as browsers do), paths, expiry,
 * `__Secure-`/`__Host-` prefixes, and `Secure` cookies kept and sent over http on loopback hosts, which browsers
 * treat as secure contexts. SameSite is not modelled: a scripted client's requests all count as first-party.
 */

export interface StoredCookie {
  name: string;
  value: string;
  /** Lower-case host (host-only cookie) or domain (domain cookie, matches its subdomains too). */
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** Epoch milliseconds; undefined for a session cookie. */
  expiresAt?: number;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isSecureContext(url: URL): boolean {
  return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost');
}

/** RFC 6265 5.1.4: the directory of the request path. */
function defaultPath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith('/') || path.lastIndexOf('/') === 0) return '/';
  return path.slice(0, path.lastIndexOf('/'));
}

function domainMatches(host: string, cookie: StoredCookie): boolean {
  if (cookie.hostOnly) return host === cookie.domain;
  return host === cookie.domain || host.endsWith(`.${cookie.domain}`);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export class CookieJar {
  private cookies: StoredCookie[] = [];

  /** `now` is injectable so expiry can be tested without waiting. */
  constructor(private readonly now: () => number = Date.now) {}

  /** Stores the `Set-Cookie` headers of a response to `url`. */
  store(url: string | URL, setCookieHeaders: readonly string[]): void {
    const origin = new URL(url);
    for (const header of setCookieHeaders) {
      const cookie = this.parse(origin, header);
      if (cookie) this.put(cookie);
    }
  }

  /** Stores the cookies a fetch `Response` sets. */
  storeResponse(url: string | URL, response: Response): void {
    this.store(url, response.headers.getSetCookie());
  }

  /** The `Cookie` header a browser would send to `url`, or undefined when no cookie applies. */
  cookieHeader(url: string | URL): string | undefined {
    const matching = this.matching(new URL(url));
    return matching.length ? matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ') : undefined;
  }

  /** The value of the cookie named `name` that would be sent to `url`. */
  get(url: string | URL, name: string): string | undefined {
    return this.matching(new URL(url)).find((cookie) => cookie.name === name)?.value;
  }

  /** Every live cookie, for assertions. */
  all(): StoredCookie[] {
    this.evictExpired();
    return this.cookies.map((cookie) => ({ ...cookie }));
  }

  clear(): void {
    this.cookies = [];
  }

  private matching(url: URL): StoredCookie[] {
    this.evictExpired();
    const host = url.hostname.toLowerCase();
    const secure = isSecureContext(url);
    return (
      this.cookies
        .filter((cookie) => domainMatches(host, cookie) && pathMatches(url.pathname || '/', cookie.path) && (!cookie.secure || secure))
        // RFC 6265 5.4: longer paths first; among equals, the order of creation (kept by a stable sort).
        .sort((a, b) => b.path.length - a.path.length)
    );
  }

  private put(cookie: StoredCookie): void {
    const sameKey = (other: StoredCookie): boolean =>
      other.name === cookie.name && other.domain === cookie.domain && other.path === cookie.path;
    const index = this.cookies.findIndex(sameKey);
    const expired = cookie.expiresAt !== undefined && cookie.expiresAt <= this.now();
    if (expired) {
      if (index >= 0) this.cookies.splice(index, 1);
    } else if (index >= 0) {
      this.cookies[index] = cookie;
    } else {
      this.cookies.push(cookie);
    }
  }

  private evictExpired(): void {
    const now = this.now();
    this.cookies = this.cookies.filter((cookie) => cookie.expiresAt === undefined || cookie.expiresAt > now);
  }

  /** RFC 6265 5.2 and 5.3, minus the public-suffix list; undefined when a browser would ignore the header. */
  private parse(url: URL, header: string): StoredCookie | undefined {
    const [pair, ...attributes] = header.split(';');
    const separator = pair.indexOf('=');
    if (separator < 0) return undefined;
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    if (!name) return undefined;

    const host = url.hostname.toLowerCase();
    const cookie: StoredCookie = { name, value, domain: host, hostOnly: true, path: defaultPath(url), secure: false, httpOnly: false };
    let maxAge: number | undefined;
    let expires: number | undefined;
    for (const attribute of attributes) {
      const [rawKey, ...rest] = attribute.split('=');
      const key = rawKey.trim().toLowerCase();
      const attributeValue = rest.join('=').trim();
      switch (key) {
        case 'domain': {
          const domain = attributeValue.replace(/^\./, '').toLowerCase();
          if (!domain) break;
          if (host !== domain && !host.endsWith(`.${domain}`)) return undefined;
          cookie.domain = domain;
          cookie.hostOnly = false;
          break;
        }
        case 'path':
          cookie.path = attributeValue.startsWith('/') ? attributeValue : defaultPath(url);
          break;
        case 'max-age':
          if (/^-?\d+$/.test(attributeValue)) maxAge = Number(attributeValue);
          break;
        case 'expires': {
          const time = Date.parse(attributeValue);
          if (!Number.isNaN(time)) expires = time;
          break;
        }
        case 'secure':
          cookie.secure = true;
          break;
        case 'httponly':
          cookie.httpOnly = true;
          break;
      }
    }
    // Max-Age wins over Expires (RFC 6265 5.3 step 3).
    if (maxAge !== undefined) cookie.expiresAt = maxAge <= 0 ? 0 : this.now() + maxAge * 1000;
    else if (expires !== undefined) cookie.expiresAt = expires;

    if (cookie.secure && !isSecureContext(url)) return undefined;
    if (name.startsWith('__Secure-') && !cookie.secure) return undefined;
    if (name.startsWith('__Host-') && (!cookie.secure || !cookie.hostOnly || cookie.path !== '/')) return undefined;
    return cookie;
  }
}

/**
 * `fetch` as a browser tab without automatic redirects: sends the jar's cookies for `url`, stores the ones the
 * response sets, and leaves redirects to the caller (`redirect: 'manual'`), so each hop can be inspected.
 */
export async function fetchWithCookies(jar: CookieJar, url: string | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.cookieHeader(url);
  if (cookie) headers.set('cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.storeResponse(url, response);
  return response;
}
