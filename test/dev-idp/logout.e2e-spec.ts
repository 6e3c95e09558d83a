import { once } from 'node:events';
import { type Server, createServer } from 'node:http';
import {
  CookieJar,
  DEV_ONLY_APP_ENV,
  IdpLoginError,
  completeIdpLogin,
  completeIdpLogout,
  buildAuthorizationRequest,
  discover,
  fetchWithCookies,
  freePort,
  loginWithPassword,
  startStack,
  type RunningStack,
} from '@facet/testing';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';

const PASSWORD = DEV_USER_PASSWORD;
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** Stands in for web-bff's back-channel logout endpoint: collects the logout tokens dev-idp posts. */
class LogoutReceiver {
  private readonly tokens: string[] = [];
  private readonly waiters: { sid: string; resolve: (token: string) => void }[] = [];
  private server?: Server;

  async listen(port: number): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const token =
          req.method === 'POST' && req.url === '/auth/backchannel-logout' ? new URLSearchParams(body).get('logout_token') : null;
        res.statusCode = token ? 200 : 404;
        res.end();
        if (token) this.receive(token);
      });
    });
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
  }

  /** The logout token for the provider session `sid`, once it has arrived. */
  logoutTokenFor(sid: string): Promise<string> {
    const received = this.tokens.find((token) => decodeJwt(token).sid === sid);
    if (received) return Promise.resolve(received);
    return new Promise((resolve) => this.waiters.push({ sid, resolve }));
  }

  close(): void {
    this.server?.close();
  }

  private receive(token: string): void {
    this.tokens.push(token);
    const { sid } = decodeJwt(token);
    for (const waiter of this.waiters.filter((w) => w.sid === sid)) waiter.resolve(token);
  }
}

describe('dev-idp: RP-initiated and back-channel logout', () => {
  const receiver = new LogoutReceiver();
  let stack: RunningStack;
  let issuer: string;
  let webBffUrl: string;
  let endSessionEndpoint: string;
  let keys: ReturnType<typeof createRemoteJWKSet>;
  let web: { clientId: string; clientSecret: string; redirectUri: string };

  beforeAll(async () => {
    const port = await freePort();
    await receiver.listen(port);
    webBffUrl = `http://localhost:${port}`;
    web = {
      clientId: 'facet-web-bff',
      clientSecret: DEV_ONLY_APP_ENV['web-bff']!.OIDC_CLIENT_SECRET,
      redirectUri: `${webBffUrl}/auth/callback`,
    };
    stack = await startStack({ apps: ['dev-idp'], env: { 'dev-idp': { WEB_BFF_URL: webBffUrl } } });
    issuer = stack.urls['dev-idp'];
    const discovery = await discover(issuer);
    endSessionEndpoint = discovery.end_session_endpoint!;
    keys = createRemoteJWKSet(new URL(discovery.jwks_uri));
  });

  afterAll(async () => {
    await stack?.stop();
    receiver.close();
  });

  const logIn = (jar: CookieJar) =>
    loginWithPassword({
      issuer,
      ...web,
      scope: 'openid profile offline_access orders:read',
      email: 'ada@example.test',
      password: PASSWORD,
      jar,
    });

  const endSessionUrl = (idToken: string, postLogoutRedirectUri: string, state?: string): string => {
    const url = new URL(endSessionEndpoint);
    url.searchParams.set('id_token_hint', idToken);
    url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
    if (state) url.searchParams.set('state', state);
    return url.href;
  };

  /** Whether the browser still has a session at dev-idp: an authorization request then returns without a login page. */
  const hasProviderSession = async (jar: CookieJar): Promise<boolean> => {
    const request = await buildAuthorizationRequest({ issuer, ...web, scope: 'openid' });
    try {
      await completeIdpLogin({ authorizeUrl: request.url, jar, email: 'ada@example.test', password: 'not-the-password' });
      return true;
    } catch (error) {
      if (error instanceof IdpLoginError) return false;
      throw error;
    }
  };

  it('signs the user out after confirmation and redirects to the registered post-logout URI with the state', async () => {
    const jar = new CookieJar();
    const { id_token } = await logIn(jar);
    expect(await hasProviderSession(jar)).toBe(true);

    const redirect = await completeIdpLogout({ endSessionUrl: endSessionUrl(id_token, `${webBffUrl}/`, 'after-logout'), jar });

    expect(redirect).toBe(`${webBffUrl}/?state=after-logout`);
    expect(await hasProviderSession(jar)).toBe(false);
  });

  it('asks before signing out, on a page whose form carries an XSRF token', async () => {
    const jar = new CookieJar();
    const { id_token } = await logIn(jar);
    const page = await fetchWithCookies(jar, endSessionUrl(id_token, `${webBffUrl}/`));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<input type="hidden" name="xsrf" value="[^"]+"/);
    expect(html).toContain('name="logout" value="yes"');
    expect(html).not.toMatch(/<script|style=/i);
    expect(await hasProviderSession(jar)).toBe(true);
  });

  it('refuses a post-logout redirect URI that is not registered', async () => {
    const jar = new CookieJar();
    const { id_token } = await logIn(jar);
    const response = await fetchWithCookies(jar, endSessionUrl(id_token, 'https://elsewhere.example.com/'));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('post_logout_redirect_uri not registered');
  });

  it('tells the web BFF by back-channel, with a signed logout token naming the session and the user', async () => {
    const jar = new CookieJar();
    const tokens = await logIn(jar);
    const idToken = decodeJwt(tokens.id_token);

    await completeIdpLogout({ endSessionUrl: endSessionUrl(tokens.id_token, `${webBffUrl}/`), jar });
    const logoutToken = await receiver.logoutTokenFor(String(idToken.sid));

    const { payload } = await jwtVerify(logoutToken, keys, { issuer, audience: 'facet-web-bff', typ: 'logout+jwt' });
    expect(payload).toMatchObject({ sub: 'u_0001', sid: idToken.sid, jti: expect.any(String), events: { [BACKCHANNEL_EVENT]: {} } });
    expect(payload).not.toHaveProperty('nonce');
  });
});
