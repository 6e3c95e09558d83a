import { FakeService, json } from '../../test-support/fake-service';
import { testOptions, testRuntime, type TestRuntime } from '../../test-support/runtime';
import { DownstreamPassThrough } from './pass-through.client';

describe('DownstreamPassThrough', () => {
  let fake: FakeService;
  let env: TestRuntime;
  let passThrough: DownstreamPassThrough;
  const as = { identity: { accessToken: 'user-token' } };

  beforeAll(async () => (fake = await FakeService.start()));
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.reply((req, res) => json(res, 200, { path: req.path, query: Object.fromEntries(req.query), body: req.body || null }));
    env = testRuntime(testOptions(`${fake.url}/base`));
    passThrough = new DownstreamPassThrough(env.runtime);
  });
  afterEach(() => env.runtime.onModuleDestroy());

  it('forwards an allowed route under the service’s base URL and returns the JSON as is', async () => {
    const response = await passThrough.passThrough('products', 'GET', '/categories', { limit: 5 }, undefined, as);
    expect(response).toEqual({ status: 200, body: { path: '/base/categories', query: { limit: '5' }, body: null } });
  });

  it('forwards a body on writes, once', async () => {
    fake.reply((_req, res) => json(res, 500, {}));
    await expect(passThrough.passThrough('orders', 'POST', '/orders/o_1/notes', undefined, { note: 'hi' }, as)).rejects.toMatchObject({
      status: 502,
    });
    expect(fake.requests).toHaveLength(1);
    expect(JSON.parse(fake.requests[0].body)).toEqual({ note: 'hi' });
  });

  it.each(['http://evil.test/x', '//evil.test/x', '/orders/../../admin', '/orders/%2e%2e/admin', '/orders%2F..%2Fadmin'])(
    'refuses %s without calling anything',
    async (path) => {
      await expect(passThrough.passThrough('orders', 'GET', path, undefined, undefined, as)).rejects.toMatchObject({
        status: 400,
        code: 'DOWNSTREAM_PATH_REFUSED',
      });
      expect(fake.requests).toHaveLength(0);
    },
  );
});
