import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK, JWKS } from 'oidc-provider';

const generateRsaKeyPair = promisify(generateKeyPair);

/**
 * A fresh RS256 signing key, made at start-up and held only in memory: no key material lives in the repository,
 * and every restart invalidates what was issued before (as a key rotation would).
 */
export async function generateSigningKeys(): Promise<JWKS> {
  const { privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  return { keys: [{ ...jwk, kid: randomBytes(12).toString('base64url'), alg: 'RS256', use: 'sig' }] };
}
