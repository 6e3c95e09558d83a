import { DEV_USER_PASSWORD } from '@facet/sandbox';
import {
  clientCredentialsToken,
  discover,
  mobileAppLogin,
  startStack,
  tokenRequest,
  type RunningStack,
  type TokenSet,
} from '@facet/testing';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';

const BACKEND = 'urn:facet:backend';
const MOBILE_BFF = 'urn:facet:mobile-bff';
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
const MOBILE_BFF_CLIENT = { client_id: 'facet-mobile-bff', client_secret: 'dev-only-mobile-bff-secret' };
/** Shorter than the exchange's own 300 s bound, so the subject's expiry is what bounds the exchanged token. */
const ACCESS_TOKEN_TTL_SECONDS = 120;

describe('dev-idp: the mobile app logs in for mobile-bff, which exchanges its token for a backend one (RFC 8693)', () => {
  let stack: RunningStack;
  let issuer: string;
  let keys: ReturnType<typeof createRemoteJWKSet>;
  let mobile: TokenSet;

  const exchange = (form: Record<string, string | undefined>, client: Record<string, string> = MOBILE_BFF_CLIENT) =>
    tokenRequest(issuer, { grant_type: EXCHANGE, subject_token_type: ACCESS_TOKEN, resource: BACKEND, ...client, ...form });

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service'],
      env: { 'dev-idp': { ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS) } },
    });
    issuer = stack.urls['dev-idp'];
    keys = createRemoteJWKSet(new URL((await discover(issuer)).jwks_uri));
    mobile = await mobileAppLogin({
      issuer,
      scope: 'openid orders:read products:read',
      email: 'ada@example.test',
      password: DEV_USER_PASSWORD,
    });
  });

  afterAll(() => stack?.stop());

  it("gives the mobile app (public client, PKCE) a token whose audience is mobile-bff, with the user's scopes", async () => {
    const { payload } = await jwtVerify(mobile.access_token, keys, { issuer, audience: MOBILE_BFF, typ: 'at+jwt', algorithms: ['RS256'] });
    expect(payload).toMatchObject({ sub: 'u_0001', client_id: 'facet-mobile', scope: 'orders:read products:read' });
  });

  it('refuses the mobile audience to any other client', async () => {
    await expect(
      clientCredentialsToken({
        issuer,
        clientId: 'facet-mobile-bff',
        clientSecret: 'dev-only-mobile-bff-secret',
        scope: 'orders:read',
        resource: MOBILE_BFF,
      }),
    ).rejects.toMatchObject({ error: 'invalid_target' });
  });

  it('exchanges it for a backend token naming the same user, acting for mobile-bff, never outliving the subject', async () => {
    const exchanged = await exchange({ subject_token: mobile.access_token });
    expect(exchanged).toMatchObject({ issued_token_type: ACCESS_TOKEN, token_type: 'Bearer', scope: 'orders:read products:read' });
    const { payload, protectedHeader } = await jwtVerify(exchanged.access_token, keys, { issuer, audience: BACKEND, typ: 'at+jwt' });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: 'u_0001',
      client_id: 'facet-mobile-bff',
      act: { sub: 'facet-mobile-bff' },
      scope: 'orders:read products:read',
    });
    expect(payload.jti).toEqual(expect.any(String));
    expect(payload.exp).toBeLessThanOrEqual(decodeJwt(mobile.access_token).exp!);
    expect(exchanged.expires_in).toBeLessThanOrEqual(ACCESS_TOKEN_TTL_SECONDS);
  });

  it('narrows the scopes when asked, and never widens them', async () => {
    const narrowed = await exchange({ subject_token: mobile.access_token, scope: 'orders:read' });
    expect(decodeJwt(narrowed.access_token).scope).toBe('orders:read');
    await expect(exchange({ subject_token: mobile.access_token, scope: 'orders:read orders:write' })).rejects.toMatchObject({
      error: 'invalid_scope',
    });
  });

  it('lets the backend serve the exchanged token, and refuses the mobile token sent to it directly', async () => {
    const { access_token } = await exchange({ subject_token: mobile.access_token });
    const orders = `${stack.urls['order-service']}/orders?userId=u_0001&limit=1`;
    expect((await fetch(orders, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(200);
    const direct = await fetch(orders, { headers: { authorization: `Bearer ${mobile.access_token}` } });
    expect(direct.status).toBe(401);
  });

  it('refuses a subject token that is not a mobile-audience token of this provider', async () => {
    const backendToken = await clientCredentialsToken({
      issuer,
      clientId: 'facet-partner-bff',
      clientSecret: 'dev-only-partner-bff-secret',
      scope: 'orders:read',
    });
    const [header, body] = mobile.access_token.split('.');
    for (const subject of [backendToken.access_token, 'not-a-token', `${header}.${body}.forged-signature`]) {
      await expect(exchange({ subject_token: subject })).rejects.toMatchObject({ error: 'invalid_grant' });
    }
  });

  it('refuses another resource, a missing or mistyped subject token, and every client but mobile-bff', async () => {
    await expect(exchange({ subject_token: mobile.access_token, resource: MOBILE_BFF })).rejects.toMatchObject({ error: 'invalid_target' });
    await expect(exchange({ subject_token: undefined })).rejects.toMatchObject({ error: 'invalid_request' });
    await expect(
      exchange({ subject_token: mobile.access_token, subject_token_type: 'urn:ietf:params:oauth:token-type:id_token' }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
    for (const client of [
      { client_id: 'facet-partner-bff', client_secret: 'dev-only-partner-bff-secret' },
      { client_id: 'facet-web-bff', client_secret: 'dev-only-web-bff-secret' },
    ]) {
      // oidc-provider refuses a grant the client is not registered for as invalid_request.
      await expect(exchange({ subject_token: mobile.access_token }, client)).rejects.toMatchObject({
        error: 'invalid_request',
        errorDescription: 'requested grant type is not allowed for this client',
      });
    }
  });
});
