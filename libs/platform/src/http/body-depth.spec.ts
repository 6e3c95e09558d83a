import { Body, Controller, Module, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsOptional } from 'class-validator';
import request from 'supertest';
import { createApp } from '../bootstrap/bootstrap';
import { PlatformConfig } from '../config/platform.config';
import { PlatformModule } from '../platform.module';
import { nestsDeeperThan } from './body-depth';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts each object or array level, and scalars as none', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(undefined, 0)).toBe(false);
    expect(nestsDeeperThan([], 0)).toBe(true);
    expect(nestsDeeperThan([], 1)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 2)).toBe(true);
  });

  it('finds the one deep branch among shallow ones', () => {
    const body = { items: [1, 2, { x: 1 }], deep: { a: { b: { c: {} } } }, other: [] };
    expect(nestsDeeperThan(body, 5)).toBe(false);
    expect(nestsDeeperThan(body, 4)).toBe(true);
  });

  it('walks a body far deeper than the call stack allows recursion', () => {
    expect(nestsDeeperThan(JSON.parse(nested(200_000)), 32)).toBe(true);
    expect(nestsDeeperThan(JSON.parse(nested(32)), 32)).toBe(false);
  });
});

class AnythingDto {
  @IsOptional()
  items?: unknown;
}

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: AnythingDto): { ok: true } {
    void body;
    return { ok: true };
  }
}

class SampleConfig extends PlatformConfig {}

@Module({
  imports: [PlatformModule.forRoot({ appName: 'sample', config: SampleConfig, env: { LOG_LEVEL: 'silent', BODY_MAX_DEPTH: '4' } })],
  controllers: [ThingsController],
})
class SampleModule {}

describe('the platform body parsers', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createApp(SampleModule, { appName: 'sample' });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('refuse a JSON body nested deeper than BODY_MAX_DEPTH with 400 BODY_TOO_DEEP, before validation', async () => {
    for (const body of [nested(5), `{"items":${nested(4)}}`, nested(5000)]) {
      const res = await request(app.getHttpServer()).post('/things').set('content-type', 'application/json').send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { status: 400, code: 'BODY_TOO_DEEP', details: { maxDepth: 4 } } });
    }
  });

  it('accept a body exactly BODY_MAX_DEPTH deep', async () => {
    const res = await request(app.getHttpServer())
      .post('/things')
      .set('content-type', 'application/json')
      .send(`{"items":${nested(3)}}`);
    expect(res.status).toBe(201);
  });

  it('keep urlencoded bodies flat: bracketed keys are plain names, not nesting', async () => {
    const res = await request(app.getHttpServer())
      .post('/things')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('items[a][b][c][d][e][f]=1');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(res.body.error.message).toContain('items[a][b][c][d][e][f]');
  });
});
