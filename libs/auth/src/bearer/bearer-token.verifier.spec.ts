import { ReadinessRegistry } from '@facet/platform';
import { SignJWT, UnsecuredJWT } from 'jose';
import type { BearerAuthOptions } from './bearer-auth.options';
import { TokenVerificationUnavailableError, UnauthenticatedError } from './bearer-auth.errors';
import { BearerTokenVerifier } from './bearer-token.verifier';
import { type TestIssuer, startTestIssuer } from '@facet/testing';

const now = (): number => Math.floor(Date.now() / 1000);

describe('BearerTokenVerifier', () => {
  let idp: TestIssuer;
  let verifier: BearerTokenVerifier;
  let readiness: ReadinessRegistry;

  const make = (options: Partial<BearerAuthOptions> = {}): BearerTokenVerifier => {
    readiness = new ReadinessRegistry();
    const created = new BearerTokenVerifier({ issuer: idp.issuer, audience: idp.audience, ...options }, readiness);
    created.onModuleInit();
    return created;
  };

  beforeAll(async () => {
    idp = await startTestIssuer();
  });
  afterAll(() => idp.close());
  beforeEach(() => {
    verifier = make();
  });

  it("turns a user's token into a principal acting for that user", async () => {
    const token = await idp.sign({ sub: 'u_0002', client_id: 'facet-mobile', scope: 'orders:read orders:write' });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      subject: 'u_0002',
      clientId: 'facet-mobile',
      scopes: ['orders:read', 'orders:write'],
      isUser: true,
      token,
    });
  });

  it("recognises a client-credentials token by its subject being the client's id", async () => {
    const principal = await verifier.verify(await idp.sign({ sub: 'facet-mobile-bff', client_id: 'facet-mobile-bff', scope: undefined }));
    expect(principal).toMatchObject({ subject: 'facet-mobile-bff', isUser: false, scopes: [] });
  });

  it('refuses an expired token, but allows a few seconds of clock skew', async () => {
    await expect(verifier.verify(await idp.sign({ exp: now() - 60 }))).rejects.toThrow(
      new UnauthenticatedError('The access token has expired', true),
    );
    await expect(verifier.verify(await idp.sign({ exp: now() - 2 }))).resolves.toMatchObject({ subject: 'u_0001' });
  });

  it('refuses a token for another audience or from another issuer', async () => {
    await expect(verifier.verify(await idp.sign({ aud: 'urn:someone:else' }))).rejects.toThrow(/aud claim/);
    await expect(verifier.verify(await idp.sign({ iss: 'http://evil.test' }))).rejects.toThrow(/iss claim/);
  });

  it('refuses a token signed with another key, whatever key id it names', async () => {
    await expect(verifier.verify(await idp.sign({}, { key: idp.forgerKey }))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(verifier.verify(await idp.sign({}, { key: idp.forgerKey, kid: 'unknown-key' }))).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });

  it('accepts only the allowed signature algorithms', async () => {
    const es256Only = make({ algorithms: ['ES256'] });
    await expect(es256Only.verify(await idp.sign())).rejects.toThrow(new UnauthenticatedError('The access token is not valid', true));
  });

  it('refuses unsigned and HMAC-signed tokens', async () => {
    const claims = { sub: 'u_0001', client_id: 'x', iss: idp.issuer, aud: idp.audience, exp: now() + 300 };
    const unsigned = new UnsecuredJWT(claims).encode();
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'test-key' })
      .sign(new TextEncoder().encode('a-shared-secret-of-32-characters!'));
    await expect(verifier.verify(unsigned)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(verifier.verify(hmac)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('refuses a token without client_id, and garbage', async () => {
    await expect(verifier.verify(await idp.sign({ client_id: undefined }))).rejects.toThrow(/client_id/);
    await expect(verifier.verify('not.a.jwt')).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('downloads the JWKS once for many tokens', async () => {
    const before = idp.jwksRequests();
    // A distinct jti each: RS256 is deterministic, so equal claims in one second would make one token, verified once.
    for (let i = 0; i < 5; i++) await verifier.verify(await idp.sign({ jti: String(i) }));
    expect(idp.jwksRequests() - before).toBe(1);
  });

  it('reports readiness from the JWKS, and 503 rather than 401 when the issuer cannot be reached', async () => {
    const [[name, check]] = readiness.entries();
    expect(name).toBe('bearer-jwks');
    await expect(check()).resolves.toBeUndefined();

    const unreachable = make({ issuer: 'http://127.0.0.1:9', httpTimeoutMs: 500 });
    await expect(unreachable.verify(await idp.sign())).rejects.toBeInstanceOf(TokenVerificationUnavailableError);
    await expect(readiness.entries()[0][1]()).rejects.toThrow();
  });

  it('refuses to trust a discovery document naming another issuer', async () => {
    const impostor = make({ issuer: `${idp.issuer}/` });
    await expect(impostor.checkKeys()).rejects.toThrow(/names the issuer/);
  });

  describe('remembering verified tokens', () => {
    // Only the clock moves: the JWKS fetch and lru-cache's own timing keep working for real.
    const onlyDate: Parameters<typeof jest.useFakeTimers>[0] = {
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    };
    let signatureChecks: jest.SpyInstance;

    beforeEach(() => {
      signatureChecks = jest.spyOn(crypto.subtle, 'verify');
    });
    afterEach(() => {
      signatureChecks.mockRestore();
      jest.useRealTimers();
    });

    it("checks a token's signature once and answers its next uses from memory", async () => {
      const token = await idp.sign();
      const first = await verifier.verify(token);
      await expect(verifier.verify(token)).resolves.toBe(first);
      expect(signatureChecks).toHaveBeenCalledTimes(1);
      expect(Object.isFrozen(first) && Object.isFrozen(first.scopes) && Object.isFrozen(first.claims)).toBe(true);
    });

    it('refuses a remembered token once it expires', async () => {
      const token = await idp.sign({ exp: now() + 60 });
      await verifier.verify(token);
      jest.useFakeTimers({ ...onlyDate, now: Date.now() + 120_000 });
      await expect(verifier.verify(token)).rejects.toThrow(new UnauthenticatedError('The access token has expired', true));
    });

    it('checks a token again after the maximum age', async () => {
      const shortMemory = make({ verifiedTokenCache: { maxAgeSeconds: 0.05 } });
      const token = await idp.sign();
      await shortMemory.verify(token);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await shortMemory.verify(token);
      expect(signatureChecks).toHaveBeenCalledTimes(2);
    });

    it('never remembers a refused token', async () => {
      const forged = await idp.sign({}, { key: idp.forgerKey });
      await expect(verifier.verify(forged)).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(verifier.verify(forged)).rejects.toBeInstanceOf(UnauthenticatedError);
      expect(signatureChecks).toHaveBeenCalledTimes(2);
    });

    it('checks every time when the cache is off', async () => {
      const forgetful = make({ verifiedTokenCache: { maxEntries: 0 } });
      const token = await idp.sign();
      await forgetful.verify(token);
      await forgetful.verify(token);
      expect(signatureChecks).toHaveBeenCalledTimes(2);
    });
  });
});
