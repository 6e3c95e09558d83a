import { Logger } from '@nestjs/common';
import { FakeService, json } from '../../test-support/fake-service';
import { inRequest, testOptions, testRuntime, type TestRuntime } from '../../test-support/runtime';
import { anyBody } from '../contract/decode';
import { type TokenExchangeOptions, resolveOptions } from '../downstream.options';
import type { ExchangedTokenStore, TokenCipher } from './exchanged-token-store';
import { MemoryExchangedTokenStore, SealedExchangedTokenStore } from './exchanged-token-store';
import { TokenExchangeCredentialSource, TokenExchangeError } from './token-exchange';

const MOBILE_TOKEN = 'mobile.token-of-ada';
const OTHER_MOBILE_TOKEN = 'mobile.token-of-grace';

/** The token endpoint's status and body. */
type Answer = [number, unknown];

describe('TokenExchangeCredentialSource', () => {
  let idp: FakeService;
  let backend: FakeService;
  let issued: number;
  let tokenAnswer: (form: URLSearchParams) => Answer;
  const runtimes: TestRuntime[] = [];
  const sources: TokenExchangeCredentialSource[] = [];

  const exchange = (overrides: Partial<TokenExchangeOptions> = {}): TokenExchangeOptions => ({
    kind: 'exchange',
    issuer: idp.url,
    clientId: 'facet-mobile-bff',
    clientSecret: 'dev-only-mobile-bff-secret',
    audience: 'urn:facet:backend',
    ...overrides,
  });
  const runtime = (overrides: Partial<TokenExchangeOptions> = {}): TestRuntime => {
    const created = testRuntime(testOptions(backend.url, { userIdentity: exchange(overrides) }));
    runtimes.push(created);
    return created;
  };
  /** A source on its own, with the clock in the spec's hands. */
  const source = (store: ExchangedTokenStore, now: () => number, overrides: Partial<TokenExchangeOptions> = {}) => {
    const { context } = runtime();
    const options = resolveOptions(testOptions(backend.url, { userIdentity: exchange(overrides) })).userIdentity;
    if (options.kind !== 'exchange') throw new Error('expected exchange options');
    const created = new TokenExchangeCredentialSource(options, context, store, now);
    sources.push(created);
    return { source: created, context };
  };
  const exchanges = () => idp.requests.filter((r) => r.path === '/token').map((r) => new URLSearchParams(r.body));
  const getOrder = (rt: TestRuntime) =>
    rt.runtime.services.orders.send({ method: 'GET', route: 'GET /orders/:id', path: '/orders/o_1' }, anyBody);

  beforeAll(async () => {
    [idp, backend] = await Promise.all([FakeService.start(), FakeService.start()]);
  });
  afterAll(async () => {
    await Promise.all([...runtimes.map((r) => r.runtime.onModuleDestroy()), ...sources.map((s) => s.close())]);
    await Promise.all([idp.close(), backend.close()]);
  });
  beforeEach(() => {
    idp.reset();
    backend.reset();
    issued = 0;
    tokenAnswer = () => [
      200,
      {
        access_token: `backend-token-${++issued}`,
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'orders:read',
      },
    ];
    idp.reply((req, res) => {
      if (req.path === '/.well-known/openid-configuration') return json(res, 200, { issuer: idp.url, token_endpoint: `${idp.url}/token` });
      if (req.path === '/token') {
        const [status, body] = tokenAnswer(new URLSearchParams(req.body));
        return setTimeout(() => json(res, status, body), 10);
      }
      json(res, 404, {});
    });
    backend.reply((_req, res) => json(res, 200, { id: 'o_1' }));
  });

  it('exchanges the subject token as RFC 8693 says and calls the backend with the exchanged token, never the subject token', async () => {
    const rt = runtime({ scope: 'orders:read' });
    await inRequest(rt.cls, () => getOrder(rt), { subjectToken: MOBILE_TOKEN });
    expect(exchanges().map((form) => Object.fromEntries(form))).toEqual([
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: MOBILE_TOKEN,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        resource: 'urn:facet:backend',
        scope: 'orders:read',
        client_id: 'facet-mobile-bff',
        client_secret: 'dev-only-mobile-bff-secret',
      },
    ]);
    expect(backend.requests.map((r) => r.headers.authorization)).toEqual(['Bearer backend-token-1']);
  });

  it('exchanges nothing for a request that calls no backend', async () => {
    const rt = runtime();
    await inRequest(rt.cls, () => Promise.resolve(rt.context.subjectToken), { subjectToken: MOBILE_TOKEN });
    expect(idp.requests).toHaveLength(0);
  });

  it('exchanges once for many calls, within a request and across requests of the same caller', async () => {
    const rt = runtime();
    await inRequest(
      rt.cls,
      async () => {
        for (let i = 0; i < 3; i++) await getOrder(rt);
      },
      { subjectToken: MOBILE_TOKEN, requestId: 'r1' },
    );
    await inRequest(rt.cls, () => getOrder(rt), { subjectToken: MOBILE_TOKEN, requestId: 'r2' });
    expect(exchanges()).toHaveLength(1);
    expect(new Set(backend.requests.map((r) => r.headers.authorization))).toEqual(new Set(['Bearer backend-token-1']));
  });

  it('sends one exchange for concurrent calls that need the same token', async () => {
    const { source: tokens } = source(new MemoryExchangedTokenStore(10), Date.now);
    const cls = runtimes.at(-1)!.cls;
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => inRequest(cls, () => tokens.token(), { subjectToken: MOBILE_TOKEN, requestId: `r${i}` })),
    );
    expect(answers).toEqual(Array(5).fill('backend-token-1'));
    expect(exchanges()).toHaveLength(1);
  });

  it('exchanges again shortly before the exchanged token expires', async () => {
    let now = 1_000_000;
    const { source: tokens } = source(new MemoryExchangedTokenStore(10), () => now, { refreshBeforeExpiryMs: 30_000 });
    const cls = runtimes.at(-1)!.cls;
    const ask = () => inRequest(cls, () => tokens.token(), { subjectToken: MOBILE_TOKEN });
    expect(await ask()).toBe('backend-token-1');
    now += 269_000;
    expect(await ask()).toBe('backend-token-1');
    now += 2_000;
    expect(await ask()).toBe('backend-token-2');
    expect(exchanges()).toHaveLength(2);
  });

  it('keeps each caller to its own exchanged token, keyed by a hash of the subject token', async () => {
    tokenAnswer = (form) => [200, { access_token: `backend-for-${form.get('subject_token')!.split('-').at(-1)}`, expires_in: 300 }];
    const keys: string[] = [];
    const memory = new MemoryExchangedTokenStore(10);
    const recording: ExchangedTokenStore = {
      get: (key) => memory.get(key),
      set: (key, value, ttl) => (keys.push(key), memory.set(key, value, ttl)),
    };
    const { source: tokens } = source(recording, Date.now);
    const cls = runtimes.at(-1)!.cls;
    const ask = (subjectToken: string) => inRequest(cls, () => tokens.token(), { subjectToken });
    expect(await Promise.all([ask(MOBILE_TOKEN), ask(OTHER_MOBILE_TOKEN)])).toEqual(['backend-for-ada', 'backend-for-grace']);
    expect(await ask(OTHER_MOBILE_TOKEN)).toBe('backend-for-grace');
    expect(await ask(MOBILE_TOKEN)).toBe('backend-for-ada');
    expect(exchanges()).toHaveLength(2);
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).not.toMatch(/ada|grace|mobile/);
  });

  it('shares exchanged tokens between replicas through a shared store, sealed there', async () => {
    const shared = new Map<string, string>();
    const store: ExchangedTokenStore = {
      get: (key) => Promise.resolve(shared.get(key)),
      set: (key, value) => (shared.set(key, value), Promise.resolve()),
    };
    // A test cipher: reversible, bound to the key, and without the plaintext in what it stores.
    const cipher: TokenCipher = {
      seal: (plaintext, key) => Buffer.from(`${key}|${plaintext}`).toString('base64'),
      open: (sealed, key) => {
        const [boundTo, plaintext] = Buffer.from(sealed, 'base64').toString().split('|');
        return boundTo === key ? { plaintext } : undefined;
      },
    };
    const replica = () => runtime({ cache: { shared: { store, cipher } } });
    const [one, two] = [replica(), replica()];
    await inRequest(one.cls, () => getOrder(one), { subjectToken: MOBILE_TOKEN });
    await inRequest(two.cls, () => getOrder(two), { subjectToken: MOBILE_TOKEN });
    expect(exchanges()).toHaveLength(1);
    expect([...shared.values()].join()).not.toContain('backend-token-1');
    // A value moved under another key does not open there.
    const sealed = new SealedExchangedTokenStore(store, cipher);
    const [key, value] = [...shared.entries()][0];
    shared.set('elsewhere', value);
    await expect(sealed.get('elsewhere')).resolves.toBeUndefined();
    await expect(sealed.get(key)).resolves.toContain('backend-token-1');
  });

  describe('failures', () => {
    it('answers 401 when the issuer refuses the subject token (invalid_grant), and does not remember the refusal', async () => {
      tokenAnswer = (): Answer => [400, { error: 'invalid_grant', error_description: 'subject token is not valid' }];
      const rt = runtime();
      const error = await inRequest(rt.cls, () => getOrder(rt), { subjectToken: MOBILE_TOKEN }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenExchangeError);
      expect(error).toMatchObject({ failure: 'subject-refused', status: 401, code: 'UNAUTHENTICATED' });
      await inRequest(rt.cls, () => getOrder(rt), { subjectToken: MOBILE_TOKEN }).catch(() => undefined);
      expect(exchanges()).toHaveLength(2);
      expect(backend.requests).toHaveLength(0);
    });

    it.each([
      ['the issuer answers 5xx', () => (tokenAnswer = (): Answer => [503, {}]), {}],
      ['the issuer cannot be reached', () => undefined, { issuer: 'http://127.0.0.1:1' }],
    ])('answers 503 when %s', async (_case, arrange, overrides) => {
      arrange();
      const rt = runtime(overrides);
      await expect(inRequest(rt.cls, () => getOrder(rt), { subjectToken: MOBILE_TOKEN })).rejects.toMatchObject({
        name: 'TokenExchangeError',
        failure: 'unavailable',
        status: 503,
        code: 'IDENTITY_PROVIDER_UNAVAILABLE',
      });
      expect(backend.requests).toHaveLength(0);
    });

    it.each([
      ['another refusal (our settings are wrong)', (): Answer => [400, { error: 'invalid_scope' }], /invalid_scope/],
      ['an answer without a token', (): Answer => [200, { token_type: 'Bearer' }], /without an access token/],
    ])('answers 502 for %s', async (_case, answer, message) => {
      tokenAnswer = answer;
      const rt = runtime();
      await expect(inRequest(rt.cls, () => getOrder(rt), { subjectToken: MOBILE_TOKEN })).rejects.toMatchObject({
        failure: 'misconfigured',
        status: 502,
        message: expect.stringMatching(message),
      });
    });

    it('answers 401 without asking anyone when the request holds no subject token', async () => {
      const rt = runtime();
      await expect(inRequest(rt.cls, () => getOrder(rt))).rejects.toMatchObject({ kind: 'unauthenticated', status: 401 });
      expect(idp.requests).toHaveLength(0);
      expect(backend.requests).toHaveLength(0);
    });

    it('never writes the subject token or the exchanged token into a log line or an error', async () => {
      const logged: unknown[] = [];
      const spies = (['log', 'warn', 'error', 'debug', 'verbose'] as const).flatMap((level) => [
        jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push(args)),
        jest.spyOn(console, level === 'verbose' ? 'info' : level).mockImplementation((...args: unknown[]) => void logged.push(args)),
      ]);
      try {
        const errors: unknown[] = [];
        for (const answer of [
          (): Answer => [400, { error: 'invalid_grant', error_description: `refused ${MOBILE_TOKEN}` }],
          (): Answer => [503, { detail: MOBILE_TOKEN }],
          (): Answer => [400, { error: 'invalid_target' }],
        ]) {
          tokenAnswer = answer;
          const rt = runtime();
          errors.push(await inRequest(rt.cls, () => getOrder(rt), { subjectToken: MOBILE_TOKEN }).catch((e: unknown) => e));
        }
        const text = (value: unknown): string => {
          if (!(value instanceof Error)) return JSON.stringify(value) ?? '';
          return [value.message, value.stack, JSON.stringify(value), text(value.cause)].join('\n');
        };
        const written = [...logged, ...errors].map(text).join('\n');
        expect(errors.every((e) => e instanceof TokenExchangeError)).toBe(true);
        expect(written).not.toContain(MOBILE_TOKEN);
        expect(written).not.toContain('backend-token');
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    });
  });

  it('relays nothing from a bearer request when the app is set to relay: the subject token never reaches a backend', async () => {
    const rt = testRuntime(testOptions(backend.url));
    runtimes.push(rt);
    await expect(inRequest(rt.cls, () => getOrder(rt), { subjectToken: MOBILE_TOKEN })).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect(backend.requests).toHaveLength(0);
  });
});

describe('userIdentity options', () => {
  const base = testOptions('http://localhost:1');
  const exchange: TokenExchangeOptions = { kind: 'exchange', issuer: 'http://idp', clientId: 'c', clientSecret: 's', audience: 'urn:x' };

  it('relays by default and fills in the exchange defaults', () => {
    expect(resolveOptions(base).userIdentity).toEqual({ kind: 'relay' });
    expect(resolveOptions({ ...base, userIdentity: exchange }).userIdentity).toMatchObject({
      refreshBeforeExpiryMs: 30_000,
      timeoutMs: 5000,
      cache: { maxEntries: 10_000, keyPrefix: 'facet:downstream:exchanged-token:' },
    });
  });

  it('refuses a missing client setting, a malformed scope, and a shared store without a cipher', () => {
    expect(() => resolveOptions({ ...base, userIdentity: { ...exchange, clientSecret: '' } })).toThrow(
      'userIdentity.clientSecret is missing',
    );
    expect(() => resolveOptions({ ...base, userIdentity: { ...exchange, scope: 'a  b' } })).toThrow(/userIdentity.scope/);
    const store = new MemoryExchangedTokenStore(1);
    expect(() =>
      resolveOptions({
        ...base,
        userIdentity: { ...exchange, cache: { shared: { store } as unknown as { store: ExchangedTokenStore; cipher: TokenCipher } } },
      }),
    ).toThrow(/store and a cipher/);
  });
});
