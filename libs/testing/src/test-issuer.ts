import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWK, type JWTPayload, SignJWT, exportJWK, generateKeyPair } from 'jose';

/**
 * A local token issuer for unit specs (libs/auth, the kit): a generated RS256 key pair, a discovery document and a JWKS served over
 * real HTTP on a free port, and a way to sign tokens (well-formed or deliberately bad).
 */
export interface TestIssuer {
  issuer: string;
  audience: string;
  /** Signs `claims` over sensible defaults (issuer, audience, an expiry five minutes ahead). */
  sign(claims?: JWTPayload, options?: { key?: CryptoKey; kid?: string; alg?: string }): Promise<string>;
  /** Another key pair with the same key id, for forged tokens. */
  forgerKey: CryptoKey;
  /** Number of JWKS downloads so far. */
  jwksRequests(): number;
  close(): Promise<void>;
}

export async function startTestIssuer(audience = 'urn:test:api'): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const forger = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let jwksRequests = 0;
  let issuer = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      jwksRequests++;
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://localhost:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    audience,
    forgerKey: forger.privateKey,
    jwksRequests: () => jwksRequests,
    sign: (claims = {}, options = {}) =>
      new SignJWT({ sub: 'u_0001', client_id: 'test-client', scope: 'orders:read', ...claims })
        .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'test-key', typ: 'at+jwt' })
        .setIssuer(typeof claims.iss === 'string' ? claims.iss : issuer)
        .setAudience(claims.aud ?? audience)
        .setIssuedAt()
        .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : '5m')
        .sign(options.key ?? privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
