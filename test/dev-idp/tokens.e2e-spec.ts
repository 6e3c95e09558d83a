import {
  OAuthError,
  clientCredentialsToken,
  discover,
  startStack,
  tokenRequest,
  type OidcDiscovery,
  type RunningStack,
} from '@facet/testing';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

const BACKEND = 'urn:facet:backend';
const PARTNER_API = 'urn:facet:partner-api';
const ACCESS_TOKEN_TTL_SECONDS = 120;

describe('dev-idp: discovery, keys and client credentials', () => {
  let stack: RunningStack;
  let issuer: string;
  let discovery: OidcDiscovery;
  let keys: ReturnType<typeof createRemoteJWKSet>;

  beforeAll(async () => {
    stack = await startStack({ apps: ['dev-idp'], env: { 'dev-idp': { ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS) } } });
    issuer = stack.urls['dev-idp'];
    discovery = await discover(issuer);
    keys = createRemoteJWKSet(new URL(discovery.jwks_uri));
  });

  afterAll(() => stack?.stop());

  it('publishes a discovery document for its issuer URL, with every endpoint the BFFs use', () => {
    expect(discovery.issuer).toBe(issuer);
    for (const endpoint of [
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'userinfo_endpoint',
      'end_session_endpoint',
      'revocation_endpoint',
      'introspection_endpoint',
    ]) {
      expect(String(discovery[endpoint])).toMatch(new RegExp(`^${issuer}/`));
    }
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.backchannel_logout_session_supported).toBe(true);
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
    expect(discovery.scopes_supported).toEqual(
      expect.arrayContaining([
        'openid',
        'offline_access',
        'orders:read',
        'orders:write',
        'products:read',
        'users:read',
        'partner:orders:read',
      ]),
    );
  });

  it('serves public RSA signing keys only', async () => {
    const response = await fetch(discovery.jwks_uri);
    const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: expect.any(String) });
      for (const privatePart of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(privatePart);
    }
  });

  it('keeps the platform routes working beside the provider, health detail and metrics on the management port', async () => {
    expect((await fetch(`${issuer}/health/live`)).status).toBe(200);
    expect((await fetch(`${issuer}/health/ready`)).status).toBe(200);
    const management = stack.managementUrls['dev-idp'];
    const ready = await fetch(`${management}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ details: { 'oidc-provider': { status: 'up' } } });
    expect((await fetch(`${issuer}/metrics`)).status).toBe(404);
    const metrics = await fetch(`${management}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE');
  });

  it('issues a service a JWT access token for the backend audience, with the client as subject', async () => {
    const tokens = await clientCredentialsToken({
      issuer,
      clientId: 'facet-mobile-bff',
      clientSecret: 'dev-only-mobile-bff-secret',
      scope: 'orders:read products:read',
    });
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS, scope: 'orders:read products:read' });

    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, keys, { issuer, audience: BACKEND, typ: 'at+jwt' });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ sub: 'facet-mobile-bff', client_id: 'facet-mobile-bff', scope: 'orders:read products:read' });
    expect(payload.exp! - payload.iat!).toBe(ACCESS_TOKEN_TTL_SECONDS);
  });

  it('issues the audience the client asks for when it is the backend', async () => {
    const tokens = await clientCredentialsToken({
      issuer,
      clientId: 'facet-partner-bff',
      clientSecret: 'dev-only-partner-bff-secret',
      scope: 'users:read',
      resource: BACKEND,
    });
    const { payload } = await jwtVerify(tokens.access_token, keys, { issuer, audience: BACKEND });
    expect(payload.sub).toBe('facet-partner-bff');
  });

  it('refuses an audience it does not know', async () => {
    const attempt = clientCredentialsToken({
      issuer,
      clientId: 'facet-partner-bff',
      clientSecret: 'dev-only-partner-bff-secret',
      resource: 'https://elsewhere.example.com',
    });
    await expect(attempt).rejects.toMatchObject({ error: 'invalid_target', status: 400 });
  });

  it('gives a partner the partner scopes it is registered for, for the partner API only (its default audience)', async () => {
    for (const resource of [undefined, PARTNER_API]) {
      const tokens = await clientCredentialsToken({
        issuer,
        clientId: 'partner-acme',
        clientSecret: 'dev-only-partner-acme-secret',
        scope: 'partner:orders:read partner:products:read partner:shipments:write',
        resource,
      });
      const { payload } = await jwtVerify(tokens.access_token, keys, { issuer, audience: PARTNER_API });
      expect(payload).toMatchObject({
        sub: 'partner-acme',
        client_id: 'partner-acme',
        aud: PARTNER_API,
        scope: 'partner:orders:read partner:products:read partner:shipments:write',
      });
    }
  });

  it('refuses a partner the backend audience, and every other client the partner API', async () => {
    const partnerToBackend = clientCredentialsToken({
      issuer,
      clientId: 'partner-acme',
      clientSecret: 'dev-only-partner-acme-secret',
      scope: 'partner:orders:read',
      resource: BACKEND,
    });
    await expect(partnerToBackend).rejects.toMatchObject({ error: 'invalid_target' });
    for (const [clientId, clientSecret] of [
      ['facet-partner-bff', 'dev-only-partner-bff-secret'],
      ['facet-web-bff', 'dev-only-web-bff-secret'],
    ]) {
      const serviceToPartnerApi = clientCredentialsToken({ issuer, clientId, clientSecret, scope: 'orders:read', resource: PARTNER_API });
      await expect(serviceToPartnerApi).rejects.toMatchObject({ error: 'invalid_target' });
    }
  });

  it('refuses a partner a scope it is not registered for', async () => {
    const attempt = clientCredentialsToken({
      issuer,
      clientId: 'partner-globex',
      clientSecret: 'dev-only-partner-globex-secret',
      scope: 'partner:products:read partner:shipments:write',
    });
    await expect(attempt).rejects.toBeInstanceOf(OAuthError);
    await expect(attempt).rejects.toMatchObject({ error: 'invalid_scope', status: 400 });
  });

  it('refuses a partner the backend scopes of trusted services', async () => {
    const attempt = clientCredentialsToken({
      issuer,
      clientId: 'partner-acme',
      clientSecret: 'dev-only-partner-acme-secret',
      scope: 'orders:read',
    });
    await expect(attempt).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  it('refuses a wrong client secret', async () => {
    const attempt = clientCredentialsToken({ issuer, clientId: 'partner-acme', clientSecret: 'guessed', scope: 'partner:products:read' });
    await expect(attempt).rejects.toMatchObject({ error: 'invalid_client', status: 401 });
  });

  it('refuses client credentials to a client not registered for them (the public mobile app)', async () => {
    const attempt = tokenRequest(issuer, { grant_type: 'client_credentials', client_id: 'facet-mobile', scope: 'orders:read' });
    await expect(attempt).rejects.toMatchObject({
      error: 'invalid_request',
      errorDescription: 'requested grant type is not allowed for this client',
    });
  });

  it('signs with a key generated at start: another dev-idp publishes another key', async () => {
    const other = await startStack({ apps: ['dev-idp'] });
    try {
      const token = await clientCredentialsToken({
        issuer,
        clientId: 'partner-acme',
        clientSecret: 'dev-only-partner-acme-secret',
        scope: 'partner:products:read',
      });
      const { kid } = decodeProtectedHeader(token.access_token);
      const otherJwks = (await discover(other.urls['dev-idp'])).jwks_uri;
      const published = (await (await fetch(otherJwks)).json()) as { keys: { kid: string }[] };
      expect(published.keys.length).toBeGreaterThan(0);
      expect(published.keys.map((key) => key.kid)).not.toContain(kid);
      // Found the other's key set and no key for this kid in it: a wrong URL or a signature error fails differently.
      await expect(jwtVerify(token.access_token, createRemoteJWKSet(new URL(otherJwks)))).rejects.toMatchObject({
        code: 'ERR_JWKS_NO_MATCHING_KEY',
      });
      await expect(jwtVerify(token.access_token, keys)).resolves.toMatchObject({ protectedHeader: { kid } });
    } finally {
      await other.stop();
    }
  });
});
