import { startStack, type RunningStack } from '@facet/testing';
import { decodeJwt } from 'jose';
import { mobileCall, phoneToken } from './mobile-api';

/** mobile-bff's allowance for clock differences with the issuer (the bearer verifier's default). */
const CLOCK_TOLERANCE_SECONDS = 5;

describe('mobile-bff: an expired token', () => {
  let stack: RunningStack;

  beforeAll(async () => {
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'mobile-bff'],
      // Tokens that run out within the test: the exchanged token is cached for no longer than its subject lives. Three
      // seconds, not one: the first call's exchange must come before the subject expires (dev-idp allows no skew),
      // and a loaded machine can take a second between the login and that call.
      env: { 'dev-idp': { ACCESS_TOKEN_TTL_SECONDS: '3' } },
    });
  });

  afterAll(() => stack?.stop());

  it('is served until its expiry plus the clock tolerance, then refused with 401 invalid_token, the cached exchange notwithstanding', async () => {
    const token = await phoneToken(stack.urls['dev-idp'], 'ada@example.test');
    expect((await mobileCall(stack.urls['mobile-bff'], '/v1/orders?limit=1', { token })).status).toBe(200);
    const expiresAt = (decodeJwt(token).exp as number) + CLOCK_TOLERANCE_SECONDS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt * 1000 - Date.now()) + 1100));
    const res = await mobileCall<{ error: { code: string } }>(stack.urls['mobile-bff'], '/v1/orders?limit=1', { token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="The access token has expired"');
  });
});
