import { Controller, Get, type INestApplication, Module, Param, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PlatformModule, ShutdownSignal } from '@facet/platform';
import { eventually } from '@facet/testing';
import request from 'supertest';
import { SandboxConfig } from './config/sandbox.config';
import { FaultInjector, NO_FAULTS } from './faults/fault-injector';
import { RequestStats } from './faults/request-stats';
import { SandboxModule } from './sandbox.module';

@Controller('things')
class ThingsController {
  @Get()
  list(): { items: string[] } {
    return { items: [] };
  }

  @Get('stats')
  stats(): { count: number } {
    return { count: 0 };
  }

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Post(':id/touch')
  touch(@Param('id') id: string): { id: string } {
    return { id };
  }
}

/** A sample reference app; sandbox mode is on unless `env` says otherwise (`SANDBOX: undefined` leaves it unset). */
async function startApp(env: Record<string, string | undefined> = {}): Promise<INestApplication> {
  const settings = Object.fromEntries(
    Object.entries({ LOG_LEVEL: 'silent', SANDBOX: 'true', ...env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  @Module({
    imports: [
      PlatformModule.forRoot({ appName: 'sample', config: SandboxConfig, env: settings }),
      SandboxModule.forRoot({ config: SandboxConfig, env: settings }),
    ],
    controllers: [ThingsController],
  })
  class SampleModule {}
  const moduleRef = await Test.createTestingModule({ imports: [SampleModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

describe('SandboxModule over HTTP', () => {
  let app: INestApplication;
  let injector: FaultInjector;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApp();
    injector = app.get(FaultInjector);
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await http().delete('/__admin/faults').expect(200);
    await http().delete('/__admin/stats').expect(200);
  });

  it('counts business requests per method and route template, and nothing else', async () => {
    await http().get('/things').expect(200);
    await http().get('/things/stats').expect(200);
    await http().get('/things/a').expect(200);
    await http().get('/things/b?x=1').expect(200);
    await http().post('/things/a/touch').expect(201);
    await http().get('/health/live').expect(200);
    await http().get('/__admin/faults').expect(200);
    const res = await http().get('/__admin/stats').expect(200);
    expect(res.body).toEqual({
      requests: { 'GET /things': 1, 'GET /things/:id': 2, 'GET /things/stats': 1, 'POST /things/:id/touch': 1 },
      total: 5,
    });
    await http().delete('/__admin/stats').expect(200, { requests: {}, total: 0 });
  });

  it('reads, partially updates and resets the faults, refusing invalid ones naming the field', async () => {
    await http()
      .put('/__admin/faults')
      .send({ latencyMs: 5, errorRate: 0.25 })
      .expect(200, { ...NO_FAULTS, latencyMs: 5, errorRate: 0.25 });
    await http()
      .put('/__admin/faults')
      .send({ jitterMs: 3 })
      .expect(200, { ...NO_FAULTS, latencyMs: 5, jitterMs: 3, errorRate: 0.25 });
    const bad = await http().put('/__admin/faults').send({ errorRate: 2, hang: 'yes', boom: 1, responseBody: 'xml' }).expect(400);
    expect(bad.body.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'boom',
      'errorRate',
      'hang',
      'responseBody',
    ]);
    await http().delete('/__admin/faults').expect(200, NO_FAULTS);
    await http().get('/__admin/faults').expect(200, NO_FAULTS);
  });

  it('delays business routes by at least the injected latency', async () => {
    await http().put('/__admin/faults').send({ latencyMs: 120 }).expect(200);
    const started = performance.now();
    await http().get('/things/a').expect(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('answers 503 INJECTED_FAULT at an error rate of 1, on business routes only', async () => {
    await http().put('/__admin/faults').send({ errorRate: 1 }).expect(200);
    const res = await http().get('/things/a').expect(503);
    expect(res.body.error).toMatchObject({ status: 503, code: 'INJECTED_FAULT' });
    await http().get('/health/ready').expect(200);
    await http().get('/__admin/stats').expect(200);
    expect((await http().get('/__admin/stats')).body.requests).toEqual({ 'GET /things/:id': 1 });
  });

  it('answers business routes 200 with a broken or a changed body, and everything else as usual', async () => {
    await http().put('/__admin/faults').send({ responseBody: 'malformed-json' }).expect(200);
    // Read raw: supertest would parse the JSON it is promised, and fail.
    const broken = await fetch(`${await app.getUrl()}/things/a`.replace('[::1]', '127.0.0.1'));
    expect(broken.status).toBe(200);
    expect(broken.headers.get('content-type')).toMatch(/application\/json/);
    await expect(broken.json()).rejects.toThrow(/JSON/);
    await http().put('/__admin/faults').send({ responseBody: 'changed-shape' }).expect(200);
    const changed = await http().get('/things/a').expect(200);
    expect(changed.body).toEqual({ apiVersion: 2, result: { records: [], next: null } });
    await http().get('/health/ready').expect(200);
    expect((await http().get('/__admin/stats')).body.requests).toEqual({ 'GET /things/:id': 2 });
  });

  it('holds business requests while hanging, and forgets each one when its client gives up', async () => {
    await http().put('/__admin/faults').send({ hang: true }).expect(200);
    const client = new AbortController();
    const url = `${await app.getUrl()}/things/a`.replace('[::1]', '127.0.0.1');
    const answer = fetch(url, { signal: client.signal });
    await eventually(() => injector.heldCount === 1);
    // Everything but business routes still answers.
    await http().get('/health/live').expect(200);
    await http().get('/__admin/faults').expect(200);
    client.abort();
    await expect(answer).rejects.toThrow();
    await eventually(() => injector.heldCount === 0);
  });
});

describe('SandboxModule settings', () => {
  it('applies faults from the environment, and has no admin routes with SANDBOX=false', async () => {
    const app = await startApp({ SANDBOX: 'false', FAULT_ERROR_RATE: '1' });
    try {
      await request(app.getHttpServer()).get('/things/a').expect(503);
      const res = await request(app.getHttpServer()).get('/__admin/faults').expect(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      await request(app.getHttpServer()).get('/__admin/stats').expect(404);
    } finally {
      await app.close();
    }
  });

  it('has no admin routes unless SANDBOX is set: a deployment that forgets it cannot be faulted', async () => {
    const app = await startApp({ SANDBOX: undefined });
    try {
      await request(app.getHttpServer()).get('/things/a').expect(200);
      await request(app.getHttpServer()).put('/__admin/faults').send({ errorRate: 1 }).expect(404);
      await request(app.getHttpServer()).get('/__admin/stats').expect(404);
      await request(app.getHttpServer()).get('/things/a').expect(200);
    } finally {
      await app.close();
    }
  });

  it('lets requests in an injected delay finish at once when the app shuts down', async () => {
    const app = await startApp({ FAULT_LATENCY_MS: '60000' });
    const answer = fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/things/a`);
    await eventually(() => app.get(RequestStats).snapshot().total === 1);
    await app.close();
    expect((await answer).status).toBe(200);
  });

  it('drops requests held by a hang when the app shuts down', async () => {
    const app = await startApp({ FAULT_HANG: 'true' });
    const answer = fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/things/a`);
    answer.catch(() => undefined);
    await eventually(() => app.get(FaultInjector).heldCount === 1);
    await app.close();
    await expect(answer).rejects.toThrow();
    expect(app.get(FaultInjector).heldCount).toBe(0);
  });

  it('lets held and delayed requests go as soon as the app starts to drain, before its shutdown hooks', async () => {
    const app = await startApp({ FAULT_HANG: 'true' });
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const held = fetch(`${base}/things/a`);
    held.catch(() => undefined);
    await eventually(() => app.get(FaultInjector).heldCount === 1);
    const delayed = app.get(FaultInjector).update({ hang: false, latencyMs: 60_000 });
    expect(delayed.latencyMs).toBe(60_000);
    const slow = fetch(`${base}/things/b`);
    await eventually(() => app.get(RequestStats).snapshot().total === 2);

    // What handleShutdown does on SIGTERM before it drains: the drain must not wait on what faults hold.
    app.get(ShutdownSignal).begin();
    await expect(held).rejects.toThrow();
    expect((await slow).status).toBe(200);
    expect(app.get(FaultInjector).heldCount).toBe(0);
    await app.close();
  });
});
