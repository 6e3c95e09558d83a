import {
  CookieJar,
  DEV_ONLY_APP_ENV,
  IdpLoginError,
  OAuthError,
  buildAuthorizationRequest,
  completeIdpLogin,
  createPkce,
  discover,
  fetchWithCookies,
  introspectToken,
  loginWithPassword,
  parseForms,
  refreshTokens,
  revokeToken,
  startStack,
  tokenRequest,
  type RunningStack,
} from '@facet/testing';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { WebBffConfig } from '../../apps/web-bff/src/web-bff.config';

const BACKEND = 'urn:facet:backend';
const PASSWORD = DEV_USER_PASSWORD;
const ID_TOKEN_TTL_SECONDS = 600;
const REFRESH_TOKEN_TTL_SECONDS = 900;
const WEB_BFF_URL = 'http://localhost:3999';

describe('dev-idp: user login (authorization code + PKCE), refresh and revocation', () => {
  let stack: RunningStack;
  let issuer: string;
  let keys: ReturnType<typeof createRemoteJWKSet>;

  const web = {
    clientId: 'facet-web-bff',
    clientSecret: DEV_ONLY_APP_ENV['web-bff']!.OIDC_CLIENT_SECRET,
    redirectUri: `${WEB_BFF_URL}/auth/callback`,
  };
  const mobile = { clientId: 'facet-mobile', redirectUri: 'com.facet.mobile:/oauth/callback' };

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp'],
      env: {
        'dev-idp': {
          WEB_BFF_URL,
          ID_TOKEN_TTL_SECONDS: String(ID_TOKEN_TTL_SECONDS),
          REFRESH_TOKEN_TTL_SECONDS: String(REFRESH_TOKEN_TTL_SECONDS),
        },
      },
    });
    issuer = stack.urls['dev-idp'];
    keys = createRemoteJWKSet(new URL((await discover(issuer)).jwks_uri));
  });

  afterAll(() => stack?.stop());

  it('logs the web BFF user in and issues an ID token and a backend JWT access token that verify against the JWKS', async () => {
    const tokens = await loginWithPassword({
      issuer,
      ...web,
      scope: 'openid profile email offline_access orders:read products:read',
      email: 'ada@example.test',
      password: PASSWORD,
    });

    const { payload: idToken } = await jwtVerify(tokens.id_token, keys, { issuer, audience: 'facet-web-bff' });
    expect(idToken).toMatchObject({
      sub: 'u_0001',
      nonce: tokens.nonce,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      email: 'ada@example.test',
      sid: expect.any(String),
    });
    expect(idToken.exp! - idToken.iat!).toBe(ID_TOKEN_TTL_SECONDS);

    const { payload: accessToken } = await jwtVerify(tokens.access_token, keys, { issuer, audience: BACKEND, typ: 'at+jwt' });
    expect(accessToken).toMatchObject({ sub: 'u_0001', client_id: 'facet-web-bff', scope: 'orders:read products:read' });
    expect(accessToken.exp! - accessToken.iat!).toBe(300);
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'orders:read products:read',
      refresh_token: expect.any(String),
    });
  });

  it("grants a login with web-bff's own settings every backend scope, in the access token's scope claim and after a refresh", async () => {
    // What web-bff asks for by default (OIDC_SCOPES, BACKEND_AUDIENCE as the resource), as its login sends it.
    const settings = new WebBffConfig();
    const login = await loginWithPassword({
      issuer,
      ...web,
      scope: settings.OIDC_SCOPES,
      resource: settings.BACKEND_AUDIENCE,
      email: 'ada@example.test',
      password: PASSWORD,
    });
    const scopesOf = async (accessToken: string): Promise<string[]> => {
      const { payload } = await jwtVerify(accessToken, keys, { issuer, audience: BACKEND, typ: 'at+jwt' });
      expect(payload).toMatchObject({ sub: 'u_0001', client_id: 'facet-web-bff' });
      return String(payload.scope).split(' ').sort();
    };
    const backendScopes = ['orders:read', 'orders:write', 'products:read', 'users:read'];
    expect(await scopesOf(login.access_token)).toEqual(backendScopes);

    const refreshed = await refreshTokens({ issuer, ...web, refreshToken: login.refresh_token!, resource: settings.BACKEND_AUDIENCE });
    expect(await scopesOf(refreshed.access_token)).toEqual(backendScopes);
  });

  it('logs the mobile app (a public client) in with PKCE and gives it a refresh token', async () => {
    const tokens = await loginWithPassword({
      issuer,
      ...mobile,
      scope: 'openid profile offline_access orders:read orders:write',
      email: 'grace@example.test',
      password: PASSWORD,
    });
    const { payload } = await jwtVerify(tokens.access_token, keys, { issuer, audience: BACKEND });
    expect(payload).toMatchObject({ sub: 'u_0002', client_id: 'facet-mobile', scope: 'orders:read orders:write' });
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it('gives no refresh token to a login without offline_access', async () => {
    const tokens = await loginWithPassword({ issuer, ...web, scope: 'openid orders:read', email: 'ada@example.test', password: PASSWORD });
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('refreshes with a rotated refresh token that keeps the original expiry, and refuses the spent one', async () => {
    const login = await loginWithPassword({
      issuer,
      ...web,
      scope: 'openid offline_access orders:read',
      email: 'ada@example.test',
      password: PASSWORD,
    });
    const first = await introspectToken({ issuer, ...web, token: login.refresh_token!, tokenTypeHint: 'refresh_token' });
    expect(first).toMatchObject({ active: true, sub: 'u_0001', client_id: 'facet-web-bff' });
    expect(Number(first.exp) - Number(first.iat)).toBe(REFRESH_TOKEN_TTL_SECONDS);

    const refreshed = await refreshTokens({ issuer, ...web, refreshToken: login.refresh_token! });
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(login.refresh_token);
    const { payload } = await jwtVerify(refreshed.access_token, keys, { issuer, audience: BACKEND });
    expect(payload).toMatchObject({ sub: 'u_0001', scope: 'orders:read' });
    const { payload: idToken } = await jwtVerify(refreshed.id_token!, keys, { issuer, audience: 'facet-web-bff' });
    expect(idToken.sub).toBe('u_0001');

    // Rotation hands over the remaining lifetime: the session cannot be stretched by refreshing.
    const second = await introspectToken({ issuer, ...web, token: refreshed.refresh_token!, tokenTypeHint: 'refresh_token' });
    expect(Math.abs(Number(second.exp) - Number(first.exp))).toBeLessThanOrEqual(1);

    await expect(refreshTokens({ issuer, ...web, refreshToken: login.refresh_token! })).rejects.toMatchObject({ error: 'invalid_grant' });
    // Presenting a spent token is taken as theft: the whole grant goes, the newest refresh token with it.
    await expect(refreshTokens({ issuer, ...web, refreshToken: refreshed.refresh_token! })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('makes a revoked refresh token unusable', async () => {
    const login = await loginWithPassword({
      issuer,
      ...web,
      scope: 'openid offline_access orders:read',
      email: 'ada@example.test',
      password: PASSWORD,
    });
    await revokeToken({ issuer, ...web, token: login.refresh_token!, tokenTypeHint: 'refresh_token' });

    expect(await introspectToken({ issuer, ...web, token: login.refresh_token! })).toEqual({ active: false });
    await expect(refreshTokens({ issuer, ...web, refreshToken: login.refresh_token! })).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a wrong password on the login page, which stays put and then accepts the right one', async () => {
    const jar = new CookieJar();
    const request = await buildAuthorizationRequest({ issuer, ...web, scope: 'openid orders:read' });
    const toLogin = await fetchWithCookies(jar, request.url);
    const loginPageUrl = new URL(toLogin.headers.get('location')!, request.url).href;
    const loginPage = await fetchWithCookies(jar, loginPageUrl);
    expect(loginPage.status).toBe(200);
    const [form] = parseForms(await loginPage.text(), loginPageUrl);
    expect(form.inputs).toEqual(['email', 'password']);

    const refused = await fetchWithCookies(jar, form.action, {
      method: 'POST',
      body: new URLSearchParams({ email: 'ada@example.test', password: 'not-the-password' }),
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('location')).toBeNull();
    const refusalPage = await refused.text();
    expect(refusalPage).toContain('role="alert"');
    expect(refusalPage).toContain('Wrong email or password.');
    const [again] = parseForms(refusalPage, form.action);
    expect(again).toMatchObject({ action: form.action, fields: { email: 'ada@example.test' } });

    const accepted = await fetchWithCookies(jar, again.action, {
      method: 'POST',
      body: new URLSearchParams({ email: 'ada@example.test', password: PASSWORD }),
    });
    expect(accepted.status).toBe(303);
    const resumeUrl = new URL(accepted.headers.get('location')!, again.action).href;
    const callback = new URL(await completeIdpLogin({ authorizeUrl: resumeUrl, jar, email: 'unused', password: 'unused' }));
    expect(callback.origin + callback.pathname).toBe(web.redirectUri);
    expect(callback.searchParams.get('state')).toBe(request.state);
    expect(callback.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('refuses an unknown email like a wrong password', async () => {
    const attempt = loginWithPassword({ issuer, ...web, scope: 'openid', email: 'nobody@example.test', password: PASSWORD });
    await expect(attempt).rejects.toBeInstanceOf(IdpLoginError);
    await expect(attempt).rejects.toMatchObject({ status: 401, message: 'Wrong email or password.' });
  });

  it.each([
    ['the web BFF (confidential)', web],
    ['the mobile app (public)', mobile],
  ])('refuses an authorization request from %s without PKCE', async (_name, client) => {
    const request = new URL(await buildAuthorizationRequest({ issuer, ...client, scope: 'openid orders:read' }).then((r) => r.url));
    request.searchParams.delete('code_challenge');
    request.searchParams.delete('code_challenge_method');

    const response = await fetch(request, { redirect: 'manual' });
    const redirect = new URL(response.headers.get('location')!);
    expect(redirect.href.startsWith(client.redirectUri)).toBe(true);
    expect(redirect.searchParams.get('error')).toBe('invalid_request');
    expect(redirect.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses to exchange a code without the PKCE verifier that goes with it', async () => {
    const request = await buildAuthorizationRequest({ issuer, ...web, scope: 'openid orders:read' });
    const callback = new URL(
      await completeIdpLogin({ authorizeUrl: request.url, jar: new CookieJar(), email: 'ada@example.test', password: PASSWORD }),
    );
    const exchange = (codeVerifier: string) =>
      tokenRequest(issuer, {
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code')!,
        redirect_uri: web.redirectUri,
        code_verifier: codeVerifier,
        client_id: web.clientId,
        client_secret: web.clientSecret,
      });

    await expect(exchange(createPkce().verifier)).rejects.toMatchObject({ error: 'invalid_grant' });
    // The same code with its own verifier is accepted: the refusal was the verifier's.
    await expect(exchange(request.codeVerifier)).resolves.toMatchObject({ id_token: expect.any(String) });
  });

  it('refuses a scope the client is not registered for', async () => {
    const attempt = loginWithPassword({
      issuer,
      ...mobile,
      scope: 'openid partner:orders:read',
      email: 'ada@example.test',
      password: PASSWORD,
    });
    await expect(attempt).rejects.toBeInstanceOf(OAuthError);
    await expect(attempt).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  it('answers userinfo for a login that asks only for OpenID scopes, and not for backend access tokens', async () => {
    const { userinfo_endpoint } = await discover(issuer);
    const openIdOnly = await loginWithPassword({
      issuer,
      ...mobile,
      scope: 'openid profile email',
      email: 'grace@example.test',
      password: PASSWORD,
    });
    const userinfo = await fetch(userinfo_endpoint!, { headers: { authorization: `Bearer ${openIdOnly.access_token}` } });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toEqual({
      sub: 'u_0002',
      name: 'Grace Hopper',
      given_name: 'Grace',
      family_name: 'Hopper',
      email: 'grace@example.test',
      email_verified: true,
    });

    const backend = await loginWithPassword({
      issuer,
      ...mobile,
      scope: 'openid profile orders:read',
      email: 'grace@example.test',
      password: PASSWORD,
    });
    const refused = await fetch(userinfo_endpoint!, { headers: { authorization: `Bearer ${backend.access_token}` } });
    expect(refused.status).toBe(401);
  });
});
