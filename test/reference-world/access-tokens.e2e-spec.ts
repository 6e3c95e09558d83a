import { type RunningStack, startStack } from '@facet/testing';
import { SignJWT, decodeProtectedHeader, generateKeyPair } from 'jose';
import { call, serviceToken, userLogin } from './reference-world.helpers';

const ACCESS_TOKEN_TTL_SECONDS = 2;

/**
 * Token checks of the backend services against a real dev-idp, on product-service (every service uses the same
 * guard), with short-lived tokens and no clock tolerance so expiry can be observed, and SANDBOX off.
 */
describe('reference world: access tokens and sandbox mode off', () => {
  let stack: RunningStack;
  let products: string;
  let issuer: string;

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'product-service'],
      env: {
        'dev-idp': { ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS) },
        'product-service': { SANDBOX: 'false', ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS: '0' },
      },
    });
    products = `${stack.urls['product-service']}/products/p_0001`;
    issuer = stack.urls['dev-idp'];
  });

  afterAll(() => stack?.stop());

  const expectRefused = async (token: string, reason: RegExp): Promise<void> => {
    const answer = await call(products, { token });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(reason) });
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  };

  it('accepts a token until it expires, then refuses it with 401', async () => {
    const token = await serviceToken(issuer);
    expect((await call(products, { token })).status).toBe(200);
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number };
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 1100));
    await expectRefused(token, /expired/);
  });

  it('refuses a forged token: altered claims, or signed with another key under the real key id', async () => {
    const token = await serviceToken(issuer);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...claims, sub: 'u_0002' })).toString('base64url');
    await expectRefused(`${header}.${altered}.${signature}`, /not valid/);

    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(token).kid }).sign(privateKey);
    await expectRefused(forged, /not valid/);
  });

  it("refuses a token issued for another audience (dev-idp's own ID token)", async () => {
    const login = await userLogin(issuer, 'ada@example.test');
    expect((await call(products, { token: login.access_token })).status).toBe(200);
    await expectRefused(login.id_token, /aud/);
  });

  it('has no admin routes with SANDBOX=false, and still serves health', async () => {
    const faults = await call(`${stack.urls['product-service']}/__admin/faults`);
    expect(faults.status).toBe(404);
    expect(faults.body.error.code).toBe('NOT_FOUND');
    expect((await call(`${stack.urls['product-service']}/__admin/stats`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(`${stack.urls['product-service']}/health/ready`)).status).toBe(200);
  });
});
