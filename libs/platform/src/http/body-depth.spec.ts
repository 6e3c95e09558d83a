import { Body, Controller, Module, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsOptional } from 'class-validator';
import request from 'supertest';
import { createApp } from '../bootstrap/bootstrap';
import { PlatformConfig } from '../config/platform.config';
import { PlatformModule } from '../platform.module';
import { holdsMoreValuesThan, nestsDeeperThan } from './body-depth';

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

describe('holdsMoreValuesThan', () => {
  it('counts the body and every member of every object and array, containers and scalars alike', () => {
    expect(holdsMoreValuesThan('text', 1)).toBe(false);
    expect(holdsMoreValuesThan('text', 0)).toBe(true);
    expect(holdsMoreValuesThan({ a: [1, 2], b: {} }, 5)).toBe(false);
    expect(holdsMoreValuesThan({ a: [1, 2], b: {} }, 4)).toBe(true);
  });

  it('finds a huge but shallow body (33,000 empty objects in 99 kb)', () => {
    const body = JSON.parse(`{"items":[${Array.from({ length: 33_000 }, () => '{}').join(',')}]}`) as unknown;
    expect(holdsMoreValuesThan(body, 1000)).toBe(true);
    expect(holdsMoreValuesThan(body, 33_002)).toBe(false);
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
  imports: [
    PlatformModule.forRoot({
      appName: 'sample',
      config: SampleConfig,
      env: { LOG_LEVEL: 'silent', BODY_MAX_DEPTH: '4', BODY_MAX_VALUES: '50' },
    }),
  ],
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

  it('refuse a JSON body holding more than BODY_MAX_VALUES values with 400 BODY_TOO_MANY_VALUES, and accept one at the bound', async () => {
    const items = (count: number): string => `{"items":[${Array.from({ length: count }, () => '{}').join(',')}]}`;
    const over = await request(app.getHttpServer()).post('/things').set('content-type', 'application/json').send(items(49));
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ error: { status: 400, code: 'BODY_TOO_MANY_VALUES', details: { maxValues: 50 } } });
    const at = await request(app.getHttpServer()).post('/things').set('content-type', 'application/json').send(items(48));
    expect(at.status).toBe(201);
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
