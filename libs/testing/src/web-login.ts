import { SESSION_COOKIE } from '@facet/auth';
import { CookieJar, fetchWithCookies } from './cookie-jar';
import { completeIdpLogin } from './oidc';

export interface WebLogin {
  /** Holds the BFF's session and login cookies and the provider's cookies, like one browser profile. */
  jar: CookieJar;
  /** The session cookie's Set-Cookie header as the BFF sent it. */
  setCookie: string;
  /** Where the BFF sent the browser after the callback. */
  redirectedTo: string;
}

export { SESSION_COOKIE as WEB_SESSION_COOKIE } from '@facet/auth';

/** Starts a login at the BFF and returns the provider's authorization URL (the BFF's redirect). */
export async function startWebLogin(webBffUrl: string, jar: CookieJar, returnTo?: string): Promise<string> {
  const url = new URL('/auth/login', webBffUrl);
  if (returnTo !== undefined) url.searchParams.set('returnTo', returnTo);
  const res = await fetchWithCookies(jar, url);
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`/auth/login answered ${res.status}, not a redirect to the provider`);
  return location;
}

/** Completes a login the BFF started: the provider's pages, then the BFF's callback. */
export async function finishWebLogin(jar: CookieJar, authorizeUrl: string, email: string, password: string): Promise<WebLogin> {
  const callbackUrl = await completeIdpLogin({ authorizeUrl, jar, email, password });
  const res = await fetchWithCookies(jar, callbackUrl);
  const setCookie = res.headers.getSetCookie().find((header) => header.startsWith(`${SESSION_COOKIE}=`));
  const location = res.headers.get('location');
  if (res.status !== 303 || !setCookie || !location) {
    throw new Error(`the BFF callback answered ${res.status}: ${await res.text()}`);
  }
  return { jar, setCookie, redirectedTo: new URL(location, callbackUrl).href };
}

/** A scripted browser login to web-bff through the real provider's login page. */
export async function loginToWebBff(options: {
  webBffUrl: string;
  email: string;
  password: string;
  returnTo?: string;
  jar?: CookieJar;
}): Promise<WebLogin> {
  const jar = options.jar ?? new CookieJar();
  const authorizeUrl = await startWebLogin(options.webBffUrl, jar, options.returnTo);
  return finishWebLogin(jar, authorizeUrl, options.email, options.password);
}

/** Calls a BFF API route as the page does: session cookie, `X-CSRF: 1`, JSON. */
export function webApi(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('x-csrf', '1');
  headers.set('accept', 'application/json');
  if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return fetchWithCookies(jar, url, { ...init, headers });
}
