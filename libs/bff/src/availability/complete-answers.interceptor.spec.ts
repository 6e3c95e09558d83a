import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { DownstreamError, type DownstreamErrorKind } from '@facet/downstream';
import { PlatformConfig, PlatformModule } from '@facet/platform';
import request from 'supertest';
import { CompleteAnswersInterceptor } from './complete-answers.interceptor';

const failure = (kind: DownstreamErrorKind, status?: number): DownstreamError =>
  new DownstreamError({ service: 'orders', kind, route: 'GET /orders', durationMs: 1, upstream: status ? { status } : undefined });

@Controller('feed')
class FeedController {
  @Get('ok')
  ok(): { data: [] } {
    return { data: [] };
  }

  @Get('down')
  down(): never {
    throw failure('timeout');
  }

  @Get('circuit')
  circuit(): never {
    throw failure('circuit-open');
  }

  @Get('missing')
  missing(): never {
    throw failure('not-found', 404);
  }
}

class SampleConfig extends PlatformConfig {}

describe('CompleteAnswersInterceptor', () => {
  let app: INestApplication;

  beforeAll(async () => {
    @Module({
      imports: [PlatformModule.forRoot({ appName: 'sample', config: SampleConfig, errorFormat: 'problem', env: { LOG_LEVEL: 'silent' } })],
      controllers: [FeedController],
      providers: [{ provide: APP_INTERCEPTOR, useValue: new CompleteAnswersInterceptor(7) }],
    })
    class SampleModule {}
    app = (await Test.createTestingModule({ imports: [SampleModule] }).compile()).createNestApplication();
    await app.init();
  });

  afterAll(() => app.close());

  it.each(['down', 'circuit'])('turns a backend outage (%s) into 503 with Retry-After', async (route) => {
    const response = await request(app.getHttpServer()).get(`/feed/${route}`).expect(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(JSON.parse(response.text)).toMatchObject({ type: 'urn:facet:problem:backend-unavailable', status: 503 });
  });

  it("passes a backend's verdict on the request (a 404) and successful answers through", async () => {
    const missing = await request(app.getHttpServer()).get('/feed/missing').expect(404);
    expect(missing.headers['retry-after']).toBeUndefined();
    await request(app.getHttpServer()).get('/feed/ok').expect(200, { data: [] });
  });
});
