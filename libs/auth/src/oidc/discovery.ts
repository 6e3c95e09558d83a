/** What Facet reads from an issuer's OpenID discovery document. */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  end_session_endpoint?: string;
  revocation_endpoint?: string;
  introspection_endpoint?: string;
}

/** The document names another issuer: a misconfiguration that waiting will not fix. */
export class IssuerMismatchError extends Error {
  override readonly name = 'IssuerMismatchError';
}

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * One fetch of the issuer's discovery document, which must name exactly that issuer (OpenID Connect Discovery
 * 1.0 §4.3: otherwise tokens from another issuer could pass as this one's).
 */
export async function fetchProviderMetadata(issuer: string, timeoutMs: number): Promise<ProviderMetadata> {
  const url = discoveryUrl(issuer);
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const metadata = (await response.json()) as Partial<ProviderMetadata> | null;
  if (metadata?.issuer !== issuer) throw new IssuerMismatchError(`${url} names the issuer ${String(metadata?.issuer)}, expected ${issuer}`);
  if (typeof metadata.jwks_uri !== 'string') throw new Error(`${url} names no jwks_uri`);
  return metadata as ProviderMetadata;
}

const ATTEMPT_TIMEOUT_MS = 3000;
const RETRY_DELAY_MS = 250;

/**
 * The discovery document at start-up: retried until `timeoutMs` has passed, since the provider may be starting
 * alongside; a document naming another issuer fails at once.
 */
export async function discoverProvider(issuer: string, timeoutMs: number): Promise<ProviderMetadata> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetchProviderMetadata(issuer, ATTEMPT_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof IssuerMismatchError) throw error;
      if (Date.now() > deadline) throw new Error(`OpenID discovery for ${issuer} failed: ${(error as Error).message}`, { cause: error });
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
  }
}
