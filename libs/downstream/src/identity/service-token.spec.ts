import { FakeService, json } from '../../test-support/fake-service';
import { testOptions, testRuntime } from '../../test-support/runtime';
import { anyBody } from '../contract/decode';
import { resolveOptions } from '../downstream.options';
import { ServiceTokenSource } from './service-token';

describe('ServiceTokenSource', () => {
  let idp: FakeService;
  let issued: number;
  let expiresIn: number;
  let now: number;

  const identity = (overrides: Record<string, unknown> = {}) =>
    resolveOptions({
      ...testOptions('http://localhost:1'),
      serviceIdentity: {
        issuer: `${idp.url}/`,
        clientId: 'facet-web-bff',
        clientSecret: 'dev-only-web-bff-secret',
        scope: 'products:read',
        resource: 'urn:facet:backend',
        ...overrides,
      },
    }).serviceIdentity!;
  const sources: ServiceTokenSource[] = [];
  const source = (overrides: Record<string, unknown> = {}) => {
    const created = new ServiceTokenSource(identity(overrides), () => now);
    sources.push(created);
    return created;
  };
  const tokenRequests = () => idp.requests.filter((r) => r.path === '/token');

  beforeAll(async () => (idp = await FakeService.start()));
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.close()));
    await idp.close();
  });
  beforeEach(() => {
    idp.reset();
    issued = 0;
    expiresIn = 300;
    now = 1_000_000;
    idp.reply((req, res) => {
      if (req.path === '/.well-known/openid-configuration') return json(res, 200, { issuer: idp.url, token_endpoint: `${idp.url}/token` });
      if (req.path === '/token')
        return setTimeout(() => json(res, 200, { access_token: `token-${++issued}`, expires_in: expiresIn, token_type: 'Bearer' }), 10);
      json(res, 404, {});
    });
  });

  it('finds the token endpoint by discovery and asks with client_secret_post', async () => {
    expect(await source().token()).toBe('token-1');
    expect(idp.requests.map((r) => r.path)).toEqual(['/.well-known/openid-configuration', '/token']);
    const form = new URLSearchParams(tokenRequests()[0].body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'facet-web-bff',
      client_secret: 'dev-only-web-bff-secret',
      scope: 'products:read',
      resource: 'urn:facet:backend',
    });
    expect(tokenRequests()[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('caches the token and refreshes it once for every concurrent caller', async () => {
    const tokens = source();
    expect(await Promise.all(Array.from({ length: 20 }, () => tokens.token()))).toEqual(Array(20).fill('token-1'));
    expect(await tokens.token()).toBe('token-1');
    expect(tokenRequests()).toHaveLength(1);
    now += 300_000 - 30_000 + 1; // past "shortly before expiry"
    expect(await Promise.all([tokens.token(), tokens.token(), tokens.token()])).toEqual(['token-2', 'token-2', 'token-2']);
    expect(tokenRequests()).toHaveLength(2);
    expect(idp.requests.filter((r) => r.path.startsWith('/.well-known'))).toHaveLength(1);
  });

  it('refreshes a short-lived token half-way through, not constantly', async () => {
    expiresIn = 20;
    const tokens = source();
    await tokens.token();
    now += 9_000;
    expect(await tokens.token()).toBe('token-1');
    now += 2_000;
    expect(await tokens.token()).toBe('token-2');
  });

  it('keeps using a still-valid token when a refresh fails', async () => {
    const tokens = source();
    await tokens.token();
    idp.reply((_req, res) => json(res, 500, {}));
    now += 280_000;
    expect(await tokens.token()).toBe('token-1');
    now += 30_000; // now expired
    await expect(tokens.token()).rejects.toMatchObject({ service: 'identity-provider', kind: 'http-5xx', status: 502 });
  });

  it('fetches a new token after one is invalidated', async () => {
    const tokens = source();
    await tokens.token();
    tokens.invalidate('some-other-token');
    expect(await tokens.token()).toBe('token-1');
    tokens.invalidate('token-1');
    expect(await tokens.token()).toBe('token-2');
  });

  it('reports refused client credentials as credentials-rejected (502), not as the user’s problem', async () => {
    idp.reply((req, res) =>
      req.path === '/token' ? json(res, 401, { error: 'invalid_client' }) : json(res, 200, { token_endpoint: `${idp.url}/token` }),
    );
    await expect(source().token()).rejects.toMatchObject({
      kind: 'credentials-rejected',
      status: 502,
      code: 'DOWNSTREAM_CREDENTIALS_REJECTED',
    });
  });

  it.each([
    ['a discovery document without token_endpoint', { issuer: 'x' }, /discovery document without a token_endpoint/],
    ['a token response without access_token', 'token', /token response without access_token/],
  ])('reports %s as invalid-response', async (_case, broken, message) => {
    idp.reply((req, res) => {
      if (req.path === '/token') return json(res, 200, { token_type: 'Bearer' });
      json(res, 200, broken === 'token' ? { token_endpoint: `${idp.url}/token` } : broken);
    });
    await expect(source().token()).rejects.toMatchObject({ kind: 'invalid-response', message: expect.stringMatching(message) });
  });

  it('reports an unreachable issuer', async () => {
    await expect(source({ issuer: 'http://127.0.0.1:1' }).token()).rejects.toMatchObject({ kind: 'refused', service: 'identity-provider' });
    idp.reply(() => undefined);
    await expect(source({ timeoutMs: 50 }).token()).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('is forgotten when a backend refuses it, so the next call uses a fresh one', async () => {
    const backend = await FakeService.start();
    try {
      const env = testRuntime({
        ...testOptions(backend.url),
        serviceIdentity: { issuer: idp.url, clientId: 'c', clientSecret: 's', scope: 'products:read' },
        defaultIdentity: 'service',
      });
      backend.reply((req, res) => (req.headers.authorization === 'Bearer token-1' ? json(res, 401, {}) : json(res, 200, { ok: true })));
      const products = env.runtime.services.products;
      await expect(products.send({ method: 'GET', route: 'GET /x', path: '/x' }, anyBody)).rejects.toMatchObject({
        kind: 'credentials-rejected',
        status: 502,
      });
      await expect(products.send({ method: 'GET', route: 'GET /x', path: '/x' }, anyBody)).resolves.toMatchObject({ body: { ok: true } });
      expect(backend.requests.map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
      // A 403 is a verdict on what the token may do: passed on, and the token kept.
      backend.reply((_req, res) => json(res, 403, { error: { code: 'INSUFFICIENT_SCOPE', message: 'no' } }));
      await expect(products.send({ method: 'GET', route: 'GET /x', path: '/x' }, anyBody)).rejects.toMatchObject({
        status: 403,
        code: 'INSUFFICIENT_SCOPE',
      });
      await expect(products.send({ method: 'GET', route: 'GET /x', path: '/x' }, anyBody)).rejects.toMatchObject({ status: 403 });
      expect(backend.requests.slice(2).map((r) => r.headers.authorization)).toEqual(['Bearer token-2', 'Bearer token-2']);
      await env.runtime.onModuleDestroy();
    } finally {
      await backend.close();
    }
  });
});
