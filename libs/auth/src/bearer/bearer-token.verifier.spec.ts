import { ReadinessRegistry } from '@facet/platform';
import { SignJWT, UnsecuredJWT } from 'jose';
import type { BearerAuthOptions } from './bearer-auth.options';
import { TokenVerificationUnavailableError, UnauthenticatedError } from './bearer-auth.errors';
import { BearerTokenVerifier } from './bearer-token.verifier';
import { type TestIssuer, startTestIssuer } from './test-issuer';

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
    for (let i = 0; i < 5; i++) await verifier.verify(await idp.sign());
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
});
