import { type KeyObject, generateKeyPairSync } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type JWTPayload, SignJWT } from 'jose';
import { OidcProviderClient } from './oidc-provider.client';
import { testSessionOptions } from './session.spec-helper';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * The provider's RSA key is published without an `alg` (as many providers do), so only the verifier's own
 * algorithm list stands between an ID token and an algorithm the client never agreed to.
 */
describe('OidcProviderClient token checks', () => {
  let server: Server;
  let issuer: string;
  // A node:crypto key (not a WebCrypto one, which is bound to one hash) can sign RS256 and RS384 alike.
  let privateKey: KeyObject;
  let client: OidcProviderClient;

  beforeAll(async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKey = pair.privateKey;
    const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new OidcProviderClient(
      { issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` },
      testSessionOptions,
    );
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sign = (claims: JWTPayload, header: { alg?: string; typ?: string } = {}): Promise<string> =>
    new SignJWT({ sub: 'u_0001', ...claims })
      .setProtectedHeader({ alg: header.alg ?? 'RS256', kid: 'k1', ...(header.typ && { typ: header.typ }) })
      .setIssuer(issuer)
      .setAudience(testSessionOptions.clientId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

  const logoutClaims = (): JWTPayload => ({ sid: 'sid-1', jti: `jti-${Math.random()}`, events: { [BACKCHANNEL_EVENT]: {} } });

  it('accepts an RS256 ID token with the login nonce', async () => {
    await expect(client.verifyIdToken(await sign({ nonce: 'n-1' }), 'n-1')).resolves.toMatchObject({ sub: 'u_0001' });
  });

  it('refuses an ID token signed with another algorithm, even by the provider key', async () => {
    await expect(client.verifyIdToken(await sign({ nonce: 'n-1' }, { alg: 'RS384' }), 'n-1')).rejects.toThrow(/alg/);
  });

  it('refuses an unsigned ID token', async () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'u_0001', iss: issuer, aud: testSessionOptions.clientId, nonce: 'n-1', iat: 1, exp: 4_000_000_000 }),
    ).toString('base64url')}.`;
    await expect(client.verifyIdToken(unsigned, 'n-1')).rejects.toThrow();
  });

  it('accepts a logout token typed logout+jwt', async () => {
    await expect(client.verifyLogoutToken(await sign(logoutClaims(), { typ: 'logout+jwt' }))).resolves.toMatchObject({
      subject: 'u_0001',
      sessionId: 'sid-1',
    });
  });

  it('refuses a logout token of another type or none (an ID token cannot pass as one)', async () => {
    await expect(client.verifyLogoutToken(await sign(logoutClaims(), { typ: 'JWT' }))).rejects.toThrow(/typ/);
    await expect(client.verifyLogoutToken(await sign(logoutClaims()))).rejects.toThrow(/typ/);
  });

  it('refuses a logout token signed with another algorithm', async () => {
    await expect(client.verifyLogoutToken(await sign(logoutClaims(), { alg: 'RS384', typ: 'logout+jwt' }))).rejects.toThrow(/alg/);
  });
});
