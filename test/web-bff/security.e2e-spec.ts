import { createHash, randomUUID } from 'node:crypto';
import { LOGIN_BINDING_COOKIE, SessionCipher, type WebSession } from '@facet/auth';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import {
  CookieJar,
  DEV_ONLY_APP_ENV,
  type RedisLink,
  type RunningStack,
  WEB_SESSION_COOKIE,
  completeIdpLogin,
  completeIdpLogout,
  fetchWithCookies,
  finishWebLogin,
  introspectToken,
  loginToWebBff,
  openRedisLink,
  revokeToken,
  startStack,
  startWebLogin,
  testRedisUrl,
  webApi,
} from '@facet/testing';
import Redis from 'ioredis';
import { SignJWT, generateKeyPair } from 'jose';

const ENCRYPTION_SECRET = DEV_ONLY_APP_ENV['web-bff']!.SESSION_ENCRYPTION_SECRET;
const WEB_CLIENT = { clientId: 'facet-web-bff', clientSecret: DEV_ONLY_APP_ENV['web-bff']!.OIDC_CLIENT_SECRET };
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

interface ErrorResponse {
  error: { status: number; code: string; message: string; details?: Record<string, unknown> };
}
interface UserResponse {
  authenticated: boolean;
  user: { id: string; email?: string; name?: string };
  session: { expiresAt: string };
  logoutUrl: string;
}
interface LogoutResponse {
  endSessionUrl: string;
  postLogoutRedirectUri: string;
}
async function json<T = ErrorResponse>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

const ada = { email: 'ada@example.test', password: DEV_USER_PASSWORD };
const grace = { email: 'grace@example.test', password: DEV_USER_PASSWORD };

/** Every response web-bff gives in this file, so the last test can prove none carried a token. */
const seen: { url: string; headers: string; body: string }[] = [];
async function record(res: Response, url: string): Promise<Response> {
  const body = await res.clone().text();
  seen.push({ url, headers: JSON.stringify([...res.headers.entries()]), body });
  return res;
}
const api = async (jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> => record(await webApi(jar, url, init), url);
const raw = async (url: string, init: RequestInit = {}): Promise<Response> =>
  record(await fetch(url, { redirect: 'manual', ...init }), url);

function sessionIdIn(jar: CookieJar, url: string): string {
  const id = jar.get(url, WEB_SESSION_COOKIE);
  if (!id) throw new Error('no session cookie in the jar');
  return id;
}

/** Reads a session record out of Redis the way only the BFF can: with its encryption key. */
class SessionRecords {
  private readonly redis = new Redis(testRedisUrl());
  constructor(readonly prefix: string) {}

  /** The session's key as SessionService names it (the store adds the prefix); its record is bound to it. */
  storageKey(sessionId: string): string {
    return `session:${createHash('sha256').update(sessionId).digest('base64url')}`;
  }
  key(sessionId: string): string {
    return `${this.prefix}session:${this.storageKey(sessionId)}`;
  }
  raw(sessionId: string): Promise<string | null> {
    return this.redis.get(this.key(sessionId));
  }
  /** Session keys of every session (records and their activity marks). */
  async count(): Promise<number> {
    return (await this.redis.keys(`${this.prefix}session:session:*`)).length;
  }
  async read(sessionId: string): Promise<WebSession> {
    const sealed = await this.raw(sessionId);
    const json = sealed ? new SessionCipher(ENCRYPTION_SECRET).open(sealed, this.storageKey(sessionId))?.plaintext : undefined;
    if (!json) throw new Error('no readable session record');
    return JSON.parse(json) as WebSession;
  }
  close(): Promise<'OK'> {
    return this.redis.quit();
  }
}

describe('web-bff security (real dev-idp, real services, sessions in Redis)', () => {
  let stack: RunningStack;
  let web: string;
  let records: SessionRecords;
  const knownTokens: string[] = [];

  beforeAll(async () => {
    const prefix = `facet-test:${randomUUID()}:`;
    records = new SessionRecords(prefix);
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff'],
      env: { 'web-bff': { SESSION_STORE: 'redis', REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: prefix } },
    });
    web = stack.urls['web-bff'];
  });

  afterAll(async () => {
    await stack?.stop();
    await records?.close();
  });

  async function login(user = ada, returnTo?: string, jar?: CookieJar) {
    const result = await loginToWebBff({ webBffUrl: web, ...user, returnTo, jar });
    const record = await records.read(sessionIdIn(result.jar, web));
    knownTokens.push(record.tokens.accessToken, record.tokens.idToken, ...(record.tokens.refreshToken ? [record.tokens.refreshToken] : []));
    return result;
  }

  describe('login', () => {
    it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
      const location = new URL(await startWebLogin(web, new CookieJar()));
      const params = location.searchParams;
      expect(location.origin).toBe(stack.urls['dev-idp']);
      expect(params.get('response_type')).toBe('code');
      expect(params.get('client_id')).toBe('facet-web-bff');
      expect(params.get('redirect_uri')).toBe(`${web}/auth/callback`);
      expect(params.get('code_challenge_method')).toBe('S256');
      expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(params.get('state')?.length).toBeGreaterThanOrEqual(32);
      expect(params.get('nonce')?.length).toBeGreaterThanOrEqual(16);
      expect(params.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'offline_access', 'orders:read']));
    });

    it('gives the browser only an HTTP-only __Host- cookie: Secure, SameSite=Lax, Path=/, no Domain', async () => {
      const { setCookie } = await login();
      const attributes = setCookie.split(';').map((part) => part.trim().toLowerCase());
      expect(setCookie.startsWith(`${WEB_SESSION_COOKIE}=`)).toBe(true);
      expect(attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=lax', 'path=/']));
      expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
    });

    it('keeps tokens server-side, encrypted at rest, and caps the session at the refresh token lifetime', async () => {
      const { jar } = await login();
      const id = sessionIdIn(jar, web);
      const sealed = await records.raw(id);
      const record = await records.read(id);
      expect(record.tokens.accessToken).toMatch(JWT);
      expect(record.tokens.refreshToken).toBeTruthy();
      expect(sealed).not.toContain(record.tokens.accessToken.split('.')[1]);
      expect(sealed).not.toContain(record.tokens.refreshToken);
      const introspection = await introspectToken({
        issuer: stack.urls['dev-idp'],
        ...WEB_CLIENT,
        token: record.tokens.refreshToken!,
        tokenTypeHint: 'refresh_token',
      });
      expect(record.absoluteExpiresAt).toBeLessThanOrEqual(Number(introspection.exp) * 1000);
    });

    it('returns to a same-site returnTo path after login', async () => {
      const { redirectedTo } = await login(ada, '/orders?page=2#top');
      expect(redirectedTo).toBe(`${web}/orders?page=2#top`);
    });

    it.each(['https://evil.example/steal', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)'])(
      'refuses the open redirect %s and returns to /',
      async (target) => {
        const { redirectedTo } = await login(ada, target);
        expect(redirectedTo).toBe(`${web}/`);
      },
    );

    it.each(['/.//evil.example', '/..//evil.example', '/%2e%2e//evil.example'])(
      'answers the callback of a login asked to return to %s with 303 Location: / (dot segments that normalise to //host)',
      async (target) => {
        const jar = new CookieJar();
        const authorizeUrl = await startWebLogin(web, jar, target);
        const callback = await completeIdpLogin({ authorizeUrl, jar, ...ada });
        const res = await record(await fetchWithCookies(jar, callback), callback);
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe('/');
      },
    );

    it('issues a new session id at login and ends the one the browser had (no fixation)', async () => {
      const first = await login();
      const before = sessionIdIn(first.jar, web);
      await login(ada, undefined, first.jar);
      const after = sessionIdIn(first.jar, web);
      expect(after).not.toBe(before);
      const stale = new CookieJar();
      stale.store(web, [`${WEB_SESSION_COOKIE}=${before}; Path=/; Secure; HttpOnly`]);
      expect((await api(stale, `${web}/auth/user`)).status).toBe(401);
      expect((await api(first.jar, `${web}/auth/user`)).status).toBe(200);
    });

    it('lets two tabs log in at the same time (state kept per login, not in one slot)', async () => {
      const jar = new CookieJar();
      const tabA = await startWebLogin(web, jar, '/a');
      const tabB = await startWebLogin(web, jar, '/b');
      const b = await finishWebLogin(jar, tabB, ada.email, ada.password);
      const a = await finishWebLogin(jar, tabA, ada.email, ada.password);
      expect(b.redirectedTo).toBe(`${web}/b`);
      expect(a.redirectedTo).toBe(`${web}/a`);
    });

    it('binds logins to the browser with one HTTP-only __Host- cookie, shared by its tabs', async () => {
      const jar = new CookieJar();
      const bindings: (string | undefined)[] = [];
      for (const tab of ['/a', '/b']) {
        const url = `${web}/auth/login?returnTo=${tab}`;
        const res = await record(await fetchWithCookies(jar, url), url);
        expect(res.status).toBe(302);
        const setCookie = res.headers.getSetCookie().find((header) => header.startsWith(`${LOGIN_BINDING_COOKIE}=`));
        const attributes = setCookie?.split(';').map((part) => part.trim().toLowerCase()) ?? [];
        expect(attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=lax', 'path=/']));
        expect(attributes).toContainEqual(expect.stringMatching(/^max-age=\d+$/));
        expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
        bindings.push(jar.get(web, LOGIN_BINDING_COOKIE));
      }
      expect(bindings[0]).toMatch(/^[\w-]{43}$/);
      expect(bindings[1]).toBe(bindings[0]);
    });

    it('refuses with 400 a callback replayed in another browser (login CSRF), creating no session', async () => {
      const attacker = new CookieJar();
      const victim = new CookieJar();
      await startWebLogin(web, victim);
      // A browser without the binding cookie, then one holding its own.
      for (const browser of [new CookieJar(), victim]) {
        const authorizeUrl = await startWebLogin(web, attacker);
        const callback = await completeIdpLogin({ authorizeUrl, jar: attacker, ...grace });
        const sessionKeys = await records.count();
        const res = await record(await fetchWithCookies(browser, callback), callback);
        expect(res.status).toBe(400);
        expect((await json(res)).error.code).toBe('LOGIN_FAILED');
        expect(browser.get(web, WEB_SESSION_COOKIE)).toBeUndefined();
        expect(await records.count()).toBe(sessionKeys);
      }
    });

    it('accepts each state once, and refuses unknown states and provider errors with 400', async () => {
      const jar = new CookieJar();
      const authorizeUrl = await startWebLogin(web, jar);
      const callback = await completeIdpLogin({ authorizeUrl, jar, ...ada });
      expect((await record(await fetchWithCookies(jar, callback), callback)).status).toBe(303);
      const replay = await record(await fetchWithCookies(jar, callback), callback);
      expect(replay.status).toBe(400);
      expect((await json(replay)).error.code).toBe('LOGIN_FAILED');
      const forged = await raw(`${web}/auth/callback?code=abc&state=${'x'.repeat(32)}`);
      expect(forged.status).toBe(400);
      const denied = await raw(`${web}/auth/callback?error=access_denied&error_description=no`);
      expect(denied.status).toBe(400);
    });

    it.each(['access_denied', 'invalid_request', '<img src=x onerror=alert(1)>'])(
      'answers a callback with error=%s with a fixed text, never echoing the provider-supplied error_description',
      async (code) => {
        const description = '<script>alert(document.cookie)</script>';
        const query = new URLSearchParams({ error: code, error_description: description, state: 'x'.repeat(32) });
        const res = await raw(`${web}/auth/callback?${query.toString()}`);
        const text = await res.text();
        expect(res.status).toBe(400);
        expect(text).not.toContain('<script');
        expect(text).not.toContain('alert(');
        expect(text).not.toContain('<img');
        expect(JSON.parse(text)).toMatchObject({
          error: { code: 'LOGIN_FAILED', details: { reason: 'provider-refused', providerError: code.startsWith('<') ? 'other' : code } },
        });
      },
    );
  });

  describe('who is logged in', () => {
    it('/auth/user names the user and the session expiry, never a token', async () => {
      const { jar } = await login();
      const res = await api(jar, `${web}/auth/user`);
      const body = await json<UserResponse>(res);
      expect(body).toMatchObject({
        authenticated: true,
        user: { id: 'u_0001', email: 'ada@example.test', name: 'Ada Lovelace' },
        logoutUrl: '/auth/logout',
      });
      expect(Date.parse(body.session.expiresAt)).toBeGreaterThan(Date.now());
      expect(JSON.stringify(body)).not.toMatch(JWT);
    });

    it("lets no cache keep a user's answers", async () => {
      const { jar } = await login();
      for (const path of [
        '/auth/user',
        '/api/dashboard',
        '/api/orders?page=1&pageSize=5',
        '/api/orders/new',
        '/api/proxy/products/categories',
      ]) {
        const res = await api(jar, `${web}${path}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('etag')).toBeNull();
      }
    });

    it('keeps the no-store policy whatever the case of the path (routing ignores it)', async () => {
      const { jar } = await login();
      for (const path of ['/API/dashboard', '/Api/orders?page=1&pageSize=5', '/AUTH/user', '/api/PROXY/products/categories']) {
        const res = await api(jar, `${web}${path}`);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('content-type')).toContain('application/json');
      }
      const started = await raw(`${web}/AUTH/login`);
      expect(started.status).toBe(302);
      expect(started.headers.get('cache-control')).toBe('no-store');
    });

    it('answers anonymous API calls with 401 JSON, never a redirect', async () => {
      for (const path of [
        '/auth/user',
        '/api/dashboard',
        '/api/orders',
        '/api/orders/new',
        '/api/orders/o_00001',
        '/api/proxy/products/categories',
      ]) {
        const res = await raw(`${web}${path}`, { headers: { 'x-csrf': '1' } });
        expect(res.status).toBe(401);
        expect(res.headers.get('location')).toBeNull();
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('content-type')).toContain('application/json');
        expect((await json(res)).error).toMatchObject({ code: 'SESSION_REQUIRED', details: { loginUrl: '/auth/login' } });
      }
    });
  });

  describe('CSRF', () => {
    let jar: CookieJar;
    beforeAll(async () => {
      ({ jar } = await login());
    });

    it('refuses /api/* without the X-CSRF header', async () => {
      const res = await record(await fetchWithCookies(jar, `${web}/api/dashboard`), 'no-csrf');
      expect(res.status).toBe(403);
      expect((await json(res)).error.code).toBe('CSRF_REJECTED');
    });

    it('refuses a foreign Origin even with the header, and accepts its own', async () => {
      expect((await api(jar, `${web}/api/dashboard`, { headers: { origin: 'https://evil.example' } })).status).toBe(403);
      expect((await api(jar, `${web}/api/dashboard`, { headers: { origin: web } })).status).toBe(200);
    });

    it('refuses a state-changing /auth call without the header, leaving the session alive', async () => {
      const res = await record(await fetchWithCookies(jar, `${web}/auth/logout`, { method: 'POST' }), 'logout-no-csrf');
      expect(res.status).toBe(403);
      expect((await api(jar, `${web}/auth/user`)).status).toBe(200);
    });

    it('grants no CORS to other origins', async () => {
      const preflight = await raw(`${web}/api/dashboard`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-csrf' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    });
  });

  describe('logout', () => {
    it('ends the session, clears the cookie, revokes the refresh token and points at the provider end-session', async () => {
      const { jar } = await login();
      const id = sessionIdIn(jar, web);
      const { tokens } = await records.read(id);
      const res = await api(jar, `${web}/auth/logout`, { method: 'POST' });
      expect(res.status).toBe(200);
      const body = await json<LogoutResponse>(res);
      const endSession = new URL(body.endSessionUrl);
      expect(endSession.origin + endSession.pathname).toBe(`${stack.urls['dev-idp']}/session/end`);
      expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${web}/`);
      expect(res.headers.getSetCookie().some((c) => c.startsWith(`${WEB_SESSION_COOKIE}=;`))).toBe(true);
      expect(await records.raw(id)).toBeNull();
      const stale = new CookieJar();
      stale.store(web, [`${WEB_SESSION_COOKIE}=${id}; Path=/; Secure`]);
      expect((await api(stale, `${web}/api/dashboard`)).status).toBe(401);
      const introspection = await introspectToken({
        issuer: stack.urls['dev-idp'],
        ...WEB_CLIENT,
        token: tokens.refreshToken!,
        tokenTypeHint: 'refresh_token',
      });
      expect(introspection.active).toBe(false);
    });
  });

  describe('back-channel logout', () => {
    it('ends every session of the provider session, and none of another user', async () => {
      const first = await login(ada);
      const idpJar = first.jar;
      const firstId = sessionIdIn(idpJar, web);
      // A second BFF session over the same provider session (same browser, same sid).
      const secondJar = new CookieJar();
      for (const cookie of idpJar.all().filter((c) => c.name !== WEB_SESSION_COOKIE))
        secondJar.store(stack.urls['dev-idp'], [`${cookie.name}=${cookie.value}; Path=${cookie.path}`]);
      await login(ada, undefined, secondJar);
      const secondId = sessionIdIn(secondJar, web);
      const other = await login(grace);

      const logout = await json<LogoutResponse>(await api(secondJar, `${web}/auth/logout`, { method: 'POST' }));
      await completeIdpLogout({ endSessionUrl: logout.endSessionUrl, jar: secondJar });

      expect(await records.raw(secondId)).toBeNull();
      expect(await records.raw(firstId)).toBeNull();
      expect((await api(idpJar, `${web}/auth/user`)).status).toBe(401);
      expect((await api(other.jar, `${web}/auth/user`)).status).toBe(200);
    });

    it('refuses a missing, malformed or foreign-signed logout token with 400 and ends nothing', async () => {
      const { jar } = await login(ada);
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({
        events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
        sub: 'u_0001',
        jti: randomUUID(),
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'logout+jwt' })
        .setIssuer(stack.urls['dev-idp'])
        .setAudience('facet-web-bff')
        .setIssuedAt()
        .sign(privateKey);
      for (const body of ['', 'logout_token=', 'logout_token=not-a-jwt', `logout_token=${forged}`]) {
        const res = await raw(`${web}/auth/backchannel-logout`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
        expect(res.status).toBe(400);
        const { error } = await json(res);
        expect(error.status).toBe(400);
        // jose's reason for refusing the token stays in the log.
        expect(error.message).not.toMatch(/key|signature|claim/i);
      }
      expect((await api(jar, `${web}/auth/user`)).status).toBe(200);
    });
  });

  it('no response body or header ever carried an access, refresh or ID token', () => {
    expect(seen.length).toBeGreaterThan(20);
    expect(knownTokens.length).toBeGreaterThan(10);
    for (const response of seen) {
      const text = `${response.headers}\n${response.body}`;
      expect(text).not.toMatch(JWT);
      for (const token of knownTokens) expect(text.includes(token)).toBe(false);
    }
  });
});

describe('web-bff with its session store unreachable (Redis cut off after start-up)', () => {
  let stack: RunningStack;
  let web: string;
  let link: RedisLink;

  beforeAll(async () => {
    link = await openRedisLink(testRedisUrl());
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff'],
      env: { 'web-bff': { SESSION_STORE: 'redis', REDIS_URL: link.url, REDIS_KEY_PREFIX: `facet-test:${randomUUID()}:` } },
    });
    web = stack.urls['web-bff'];
  });

  afterAll(async () => {
    await stack?.stop();
    await link?.cut();
  });

  it('answers a session read, and a login started or completed, while the store is down with 503 and no store detail', async () => {
    // A login started while the store was up, whose callback arrives once it is down.
    const jar = new CookieJar();
    const callback = await completeIdpLogin({ authorizeUrl: await startWebLogin(web, jar), jar, ...ada });
    const loggedIn = await loginToWebBff({ webBffUrl: web, ...ada });
    await link.cut();

    // A logged-in user's next call cannot read the session: retry later, not a server bug, not "logged out".
    const read = await webApi(loggedIn.jar, `${web}/api/dashboard`);
    const readText = await read.text();
    expect(read.status).toBe(503);
    expect(JSON.parse(readText)).toMatchObject({ error: { status: 503, code: 'SESSION_STORE_UNAVAILABLE' } });
    expect(readText).not.toMatch(/redis|ECONNREFUSED|127\.0\.0\.1|retries/i);

    // The login routes' rate limiter counts in the same Redis and is asked first: it cannot count, so it refuses.
    for (const [url, browser] of [
      [`${web}/auth/login?returnTo=/orders`, new CookieJar()],
      [callback, jar],
    ] as const) {
      const res = await fetchWithCookies(browser, url);
      const text = await res.text();
      expect(res.status).toBe(503);
      expect(res.headers.get('location')).toBeNull();
      expect(JSON.parse(text)).toMatchObject({ error: { status: 503, code: 'RATE_LIMITER_UNAVAILABLE' } });
      expect(text).not.toMatch(/redis|ECONNREFUSED|127\.0\.0\.1|retries/i);
      expect(browser.get(web, WEB_SESSION_COOKIE)).toBeUndefined();
    }
  });
});

describe('web-bff session lifetime (short timeouts)', () => {
  let stack: RunningStack;
  let web: string;
  let records: SessionRecords;

  beforeAll(async () => {
    const prefix = `facet-test:${randomUUID()}:`;
    records = new SessionRecords(prefix);
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff'],
      env: {
        'dev-idp': { ACCESS_TOKEN_TTL_SECONDS: '60' },
        // Every access token counts as due two seconds after it was issued.
        'web-bff': {
          SESSION_STORE: 'redis',
          REDIS_URL: testRedisUrl(),
          REDIS_KEY_PREFIX: prefix,
          SESSION_IDLE_TIMEOUT_SECONDS: '4',
          TOKEN_REFRESH_SKEW_SECONDS: '58',
        },
      },
    });
    web = stack.urls['web-bff'];
  });

  afterAll(async () => {
    await stack?.stop();
    await records?.close();
  });

  const refreshCount = async (outcome: string): Promise<number> => {
    const text = await (await fetch(`${stack.managementUrls['web-bff']}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`web_session_token_refreshes_total{outcome="${outcome}"}`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('refreshes a due access token once for many concurrent requests of one session', async () => {
    const { jar } = await loginToWebBff({ webBffUrl: web, ...ada });
    const id = sessionIdIn(jar, web);
    const before = await records.read(id);
    const refreshesBefore = await refreshCount('ok');
    await pause(2500);
    const responses = await Promise.all(Array.from({ length: 10 }, () => webApi(jar, `${web}/api/dashboard`)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await refreshCount('ok')) - refreshesBefore).toBe(1);
    const after = await records.read(id);
    expect(after.tokens.accessToken).not.toBe(before.tokens.accessToken);
    expect(after.tokens.refreshToken).not.toBe(before.tokens.refreshToken);
  });

  it('ends the session with a 401 the page can act on when the refresh fails', async () => {
    const { jar } = await loginToWebBff({ webBffUrl: web, ...ada });
    const { tokens } = await records.read(sessionIdIn(jar, web));
    await revokeToken({ issuer: stack.urls['dev-idp'], ...WEB_CLIENT, token: tokens.refreshToken!, tokenTypeHint: 'refresh_token' });
    await pause(2500);
    const res = await webApi(jar, `${web}/api/dashboard`);
    expect(res.status).toBe(401);
    expect((await json(res)).error).toMatchObject({ code: 'SESSION_REQUIRED', details: { reason: 'refresh-failed' } });
    expect((await webApi(jar, `${web}/auth/user`)).status).toBe(401);
  });

  it('ends a session left idle beyond the idle timeout', async () => {
    const { jar } = await loginToWebBff({ webBffUrl: web, ...ada });
    expect((await webApi(jar, `${web}/auth/user`)).status).toBe(200);
    await pause(4500);
    const res = await webApi(jar, `${web}/auth/user`);
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('SESSION_REQUIRED');
  });

  it('keeps a session in use alive beyond the idle timeout, never announcing an expiry beyond the idle timeout', async () => {
    const { jar } = await loginToWebBff({ webBffUrl: web, ...ada });
    // Six seconds of use, one request a second, against a four-second idle timeout.
    for (let i = 0; i < 6; i++) {
      await pause(1000);
      const asked = Date.now();
      const res = await webApi(jar, `${web}/auth/user`);
      expect(res.status).toBe(200);
      const expiresAt = Date.parse((await json<UserResponse>(res)).session.expiresAt);
      expect(expiresAt).toBeGreaterThan(asked);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 4000);
    }
  });
});

describe('web-bff in-memory session store under a flood of anonymous logins', () => {
  let stack: RunningStack;
  let web: string;

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff'],
      env: { 'web-bff': { SESSION_MAX_ENTRIES: '100' } },
    });
    web = stack.urls['web-bff'];
  });
  afterAll(() => stack?.stop());

  it('keeps logged-in sessions while pending logins beyond the bound are dropped', async () => {
    const { jar } = await loginToWebBff({ webBffUrl: web, ...ada });
    const earliest = new CookieJar();
    const authorizeUrl = await startWebLogin(web, earliest);
    // Three times SESSION_MAX_ENTRIES pending logins: the earliest is pushed out of the bound.
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`${web}/auth/login`, { redirect: 'manual' });
      expect(res.status).toBe(302);
    }
    const callback = await completeIdpLogin({ authorizeUrl, jar: earliest, ...ada });
    const dropped = await fetchWithCookies(earliest, callback);
    expect(dropped.status).toBe(400);
    expect((await json(dropped)).error.code).toBe('LOGIN_FAILED');
    expect(earliest.get(web, WEB_SESSION_COOKIE)).toBeUndefined();
    expect((await webApi(jar, `${web}/auth/user`)).status).toBe(200);
  });
});
