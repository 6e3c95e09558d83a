import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsInt, IsString, Min } from 'class-validator';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PlatformConfig } from './config/platform.config';
import { RequestContext } from './context/request-context.service';
import { NotFoundError } from './errors/facet-error';
import { ReadinessRegistry } from './health/readiness.registry';
import { ManagementServer } from './management/management.server';
import { PlatformModule } from './platform.module';

class ItemDto {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

@Controller('things')
class ThingsController {
  constructor(private readonly context: RequestContext) {}

  @Get('context')
  context_(): { requestId?: string; traceparent?: string } {
    return { requestId: this.context.requestId, traceparent: this.context.traceparent };
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundError('Thing', 't1');
  }

  @Get('crash')
  crash(): never {
    throw new TypeError('cannot read properties of undefined');
  }

  @Post()
  create(@Body() item: ItemDto): ItemDto {
    return item;
  }
}

class SampleConfig extends PlatformConfig {}

@Module({
  imports: [PlatformModule.forRoot({ appName: 'sample', config: SampleConfig, env: { LOG_LEVEL: 'silent' } })],
  controllers: [ThingsController],
})
class SampleModule {}

describe('PlatformModule over HTTP', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SampleModule] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: true });
    await app.init();
  });

  afterAll(() => app.close());

  it('echoes a safe X-Request-Id and carries it and a child traceparent in the request context', async () => {
    const res = await request(app.getHttpServer())
      .get('/things/context')
      .set('X-Request-Id', 'req-42')
      .set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')
      .expect(200);
    expect(res.headers['x-request-id']).toBe('req-42');
    expect(res.body.requestId).toBe('req-42');
    expect(res.body.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-(?!00f067aa0ba902b7)[0-9a-f]{16}-01$/);
  });

  it('renders a typed error with its code and the request id', async () => {
    const res = await request(app.getHttpServer()).get('/things/missing').set('X-Request-Id', 'req-43').expect(404);
    expect(res.body).toEqual({
      error: { status: 404, code: 'NOT_FOUND', message: 'Thing t1 was not found', details: { thing: 't1' }, requestId: 'req-43' },
    });
  });

  it('answers an unknown route with the same shape', async () => {
    const res = await request(app.getHttpServer()).get('/nope').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('hides the details of an unexpected error behind a 500', async () => {
    const res = await request(app.getHttpServer()).get('/things/crash').expect(500);
    expect(res.body.error).toMatchObject({ status: 500, code: 'INTERNAL', message: 'Internal error' });
  });

  it('rejects invalid and unknown fields with 400 naming each field', async () => {
    const res = await request(app.getHttpServer()).post('/things').send({ name: 5, quantity: 0, admin: true }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.error.details.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['admin', 'name', 'quantity']);
  });

  it("answers readiness on the public port with a bare status, never a check's detail", async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    await request(app.getHttpServer()).get('/health/ready').expect(200, { status: 'ok' });
    const registry = app.get(ReadinessRegistry);
    registry.register('broken-dependency', () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:4001')));
    try {
      const res = await request(app.getHttpServer()).get('/health/ready').expect(503);
      expect(res.body).toEqual({
        error: { status: 503, code: 'NOT_READY', message: 'The service is not ready', requestId: expect.any(String) },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/broken-dependency|ECONNREFUSED|10\.1\.2\.3/);
    } finally {
      registry.register('broken-dependency', () => Promise.resolve());
    }
  });

  it('serves no metrics on the public port', async () => {
    await request(app.getHttpServer()).get('/metrics').expect(404);
  });

  describe('management port', () => {
    let management: string;

    beforeAll(async () => {
      const { port } = await app.get(ManagementServer).listen(0, '127.0.0.1');
      management = `http://127.0.0.1:${port}`;
    });

    it('reports each readiness check with its detail', async () => {
      expect((await fetch(`${management}/health/live`)).status).toBe(200);
      const registry = app.get(ReadinessRegistry);
      registry.register('broken-dependency', () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:4001')));
      try {
        const res = await fetch(`${management}/health/ready`);
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({
          status: 'error',
          error: { 'broken-dependency': { status: 'down', message: 'connect ECONNREFUSED 10.1.2.3:4001' } },
        });
      } finally {
        registry.register('broken-dependency', () => Promise.resolve());
      }
      expect((await fetch(`${management}/health/ready`)).status).toBe(200);
    });

    it("exposes Prometheus metrics including the public port's request histogram", async () => {
      await request(app.getHttpServer()).get('/things/context').expect(200);
      const res = await fetch(`${management}/metrics`);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(text).toContain('http_server_request_duration_seconds_bucket');
      expect(text).toContain('route="/things/context"');
    });

    it('answers anything else with a 404 or 405 error body', async () => {
      const missing = await fetch(`${management}/things/context`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { status: 404, code: 'NOT_FOUND' } });
      const post = await fetch(`${management}/metrics`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
    });
  });
});
