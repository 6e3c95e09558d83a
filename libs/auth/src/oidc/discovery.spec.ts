import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IssuerMismatchError, discoverProvider, discoveryUrl, fetchProviderMetadata } from './discovery';

/** A provider whose discovery answers come from `answer`, counting the requests it gets. */
async function startProvider(answer: (issuer: string, call: number) => { status: number; body?: unknown }) {
  let calls = 0;
  const server = http.createServer((req, res) => {
    calls += 1;
    const { status, body } = answer(issuer, calls);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
    expect(req.url).toBe('/.well-known/openid-configuration');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, calls: () => calls, close: () => new Promise((resolve) => server.close(resolve)) };
}

const documentFor = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/auth`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
});

describe('OpenID discovery', () => {
  let provider: Awaited<ReturnType<typeof startProvider>> | undefined;
  afterEach(async () => {
    await provider?.close();
    provider = undefined;
  });

  it('builds the well-known URL whatever trailing slashes the issuer has', () => {
    expect(discoveryUrl('https://id.example')).toBe('https://id.example/.well-known/openid-configuration');
    expect(discoveryUrl('https://id.example/tenant//')).toBe('https://id.example/tenant/.well-known/openid-configuration');
  });

  it("reads the issuer's metadata", async () => {
    provider = await startProvider((issuer) => ({ status: 200, body: documentFor(issuer) }));
    await expect(fetchProviderMetadata(provider.issuer, 1000)).resolves.toEqual(documentFor(provider.issuer));
  });

  it('refuses a document that names another issuer, or no key set', async () => {
    provider = await startProvider((issuer, call) => ({
      status: 200,
      body: call === 1 ? documentFor('https://impostor.example') : { ...documentFor(issuer), jwks_uri: undefined },
    }));
    await expect(fetchProviderMetadata(provider.issuer, 1000)).rejects.toThrow(IssuerMismatchError);
    await expect(fetchProviderMetadata(provider.issuer, 1000)).rejects.toThrow(/names no jwks_uri/);
  });

  it('waits at start-up for a provider that is still starting', async () => {
    provider = await startProvider((issuer, call) => (call < 3 ? { status: 503 } : { status: 200, body: documentFor(issuer) }));
    await expect(discoverProvider(provider.issuer, 10_000)).resolves.toMatchObject({ issuer: provider.issuer });
    expect(provider.calls()).toBe(3);
  });

  it('gives up at once on another issuer, and after the deadline on a provider that never answers', async () => {
    provider = await startProvider(() => ({ status: 200, body: documentFor('https://impostor.example') }));
    await expect(discoverProvider(provider.issuer, 10_000)).rejects.toThrow(IssuerMismatchError);
    expect(provider.calls()).toBe(1);
    await provider.close();
    provider = await startProvider(() => ({ status: 500 }));
    await expect(discoverProvider(provider.issuer, 0)).rejects.toThrow(/OpenID discovery for .* failed: .* answered 500/);
  });
});
