import { FakeService, json } from '../../test-support/fake-service';
import { userPayload } from '../../test-support/fixtures';
import { inRequest, testOptions, testRuntime, type TestRuntime } from '../../test-support/runtime';
import { UsersClient } from './users.client';

describe('UsersClient', () => {
  let fake: FakeService;
  let env: TestRuntime;
  let users: UsersClient;

  beforeAll(async () => (fake = await FakeService.start()));
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.reply((req, res) => {
      const asked = req.query.get('ids')!.split(',');
      json(res, 200, { items: asked.filter((id) => id !== 'u_9999').map(userPayload), missing: asked.filter((id) => id === 'u_9999') });
    });
    env = testRuntime(testOptions(fake.url));
    users = new UsersClient(env.runtime);
  });
  afterEach(() => env.runtime.onModuleDestroy());

  it('batches the users of one request into one call and maps them', async () => {
    const found = await inRequest(env.cls, () => Promise.all(['u_0002', 'u_0001', 'u_0002'].map((id) => users.getUser(id))), {
      userToken: 't',
    });
    expect(found.map((u) => [u.id, u.givenName, u.loyaltyTier])).toEqual([
      ['u_0002', 'Ada', 'gold'],
      ['u_0001', 'Ada', 'gold'],
      ['u_0002', 'Ada', 'gold'],
    ]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].path).toBe('/users');
    expect(fake.requests[0].query.get('ids')).toBe('u_0001,u_0002');
  });

  it('says 404 NOT_FOUND for a missing user', async () => {
    await expect(users.getUser('u_9999', { identity: { accessToken: 't' } })).rejects.toMatchObject({
      kind: 'not-found',
      status: 404,
      code: 'NOT_FOUND',
      details: { user: 'u_9999' },
    });
  });

  it('ignores users the service sends that were not asked for', async () => {
    await env.runtime.onModuleDestroy();
    env = testRuntime(testOptions(fake.url, { maxBatchSize: 1 }));
    users = new UsersClient(env.runtime);
    // The chunk asking for u_0001 also gets u_9999, which its own chunk says is missing.
    fake.reply((req, res) =>
      req.query.get('ids') === 'u_0001'
        ? json(res, 200, { items: [userPayload('u_0001'), userPayload('u_9999')], missing: [] })
        : json(res, 200, { items: [], missing: ['u_9999'] }),
    );
    const results = await inRequest(env.cls, () => Promise.allSettled(['u_0001', 'u_9999'].map((id) => users.getUser(id))), {
      userToken: 't',
    });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(fake.requests).toHaveLength(2);
  });

  it('fails every user of a failed batch with the typed error', async () => {
    fake.reply((_req, res) => json(res, 400, { error: { code: 'VALIDATION_FAILED', message: 'bad ids' } }));
    await expect(users.getUser('u_0001', { identity: { accessToken: 't' } })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });
});
