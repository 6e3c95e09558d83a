import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Controller, Get, type INestApplication, Module, Post, StreamableFile } from '@nestjs/common';
import { APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { PlatformConfig, PlatformModule } from '@facet/platform';
import request from 'supertest';
import { NoCompression, responseCompression } from '../compression/response-compression';
import { Caching, ConditionalGetInterceptor, NoEntityTag, noStoreByDefault } from './conditional-get.interceptor';

const rows = Array.from({ length: 60 }, (_, n) => ({ id: `o_${n}`, status: 'paid', total: { amount: 1000 + n, currency: 'GBP' } }));

@Controller('screens')
class ScreensController {
  @Get('list')
  list(): { items: typeof rows } {
    return { items: rows };
  }

  @Get('small')
  small(): { id: string } {
    return { id: 'o_1' };
  }

  @Get('partial')
  partial(): { items: typeof rows; degraded: { part: string; reason: string }[] } {
    return { items: rows, degraded: [{ part: 'products', reason: 'unavailable' }] };
  }

  @Get('whole')
  whole(): { items: typeof rows; degraded: never[] } {
    return { items: rows, degraded: [] };
  }

  @Get('secret')
  @Caching('no-store')
  secret(): { token: string } {
    return { token: 'never kept' };
  }

  @Get('untagged')
  @NoEntityTag()
  @Caching({ maxAgeSeconds: 60 })
  untagged(): { items: typeof rows } {
    return { items: rows };
  }

  @Get('stream')
  @NoCompression()
  stream(): StreamableFile {
    return new StreamableFile(Readable.from([JSON.stringify(rows)]), { type: 'application/x-ndjson' });
  }

  @Post('write')
  write(): { items: typeof rows } {
    return { items: rows };
  }
}

class SampleConfig extends PlatformConfig {}

describe('conditional GET and compression over HTTP', () => {
  let app: INestApplication;
  let url: string;
  const http = () => request(app.getHttpServer());

  /** The bytes on the wire: supertest would decode them. */
  const raw = (path: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      httpRequest(`${url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });

  beforeAll(async () => {
    @Module({
      imports: [PlatformModule.forRoot({ appName: 'sample', config: SampleConfig, env: { LOG_LEVEL: 'silent' } })],
      controllers: [ScreensController],
      providers: [
        {
          provide: APP_INTERCEPTOR,
          inject: [Reflector],
          useFactory: (reflector: Reflector) => new ConditionalGetInterceptor(reflector, { maxAgeSeconds: 10 }, ['Authorization']),
        },
      ],
    })
    class SampleModule {}
    const moduleRef = await Test.createTestingModule({ imports: [SampleModule] }).compile();
    const express = moduleRef.createNestApplication<NestExpressApplication>();
    // As the platform's createApp does: Express's own ETags are off.
    express.set('etag', false);
    express.use(noStoreByDefault());
    express.use(responseCompression({ thresholdBytes: 1024 }));
    await express.listen(0, '127.0.0.1');
    app = express;
    url = (await express.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(() => app.close());

  describe('entity tags', () => {
    it('tags a JSON answer with a weak ETag of its body and a private max-age', async () => {
      const res = await http().get('/screens/list').expect(200);
      expect(res.headers.etag).toMatch(/^W\/"[\w-]{27}"$/);
      expect(res.headers['cache-control']).toBe('private, max-age=10');
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers.vary).toMatch(/Authorization/);
      expect(res.body).toEqual({ items: rows });
      const again = await http().get('/screens/list').expect(200);
      expect(again.headers.etag).toBe(res.headers.etag);
    });

    it('answers a matching If-None-Match with 304 and no body, also with Cache-Control: no-cache or a list of tags', async () => {
      const { headers } = await http().get('/screens/list');
      const hit = await http().get('/screens/list').set('If-None-Match', headers.etag).expect(304);
      expect(hit.text).toBe('');
      expect(hit.headers.etag).toBe(headers.etag);
      await http().get('/screens/list').set({ 'If-None-Match': headers.etag, 'Cache-Control': 'no-cache' }).expect(304);
      await http()
        .get('/screens/list')
        .set('If-None-Match', `W/"other", ${headers.etag.slice(2)}`)
        .expect(304);
      await http().get('/screens/list').set('If-None-Match', '*').expect(304);
    });

    it('answers in full when the tag does not match or is garbled', async () => {
      await http().get('/screens/list').set('If-None-Match', 'W/"other"').expect(200);
      await http().get('/screens/list').set('If-None-Match', 'no quotes').expect(200);
    });

    it('never tags or lets anyone keep a degraded answer, so no 304 can confirm it', async () => {
      const res = await http().get('/screens/partial').set('If-None-Match', '*').expect(200);
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
      // An empty degraded list is a whole answer.
      expect((await http().get('/screens/whole')).headers.etag).toBeDefined();
    });

    it('follows the route: no-store without a tag, or a max-age without a tag', async () => {
      const secret = await http().get('/screens/secret').expect(200);
      expect([secret.headers['cache-control'], secret.headers.etag]).toEqual(['no-store', undefined]);
      const untagged = await http().get('/screens/untagged').set('If-None-Match', '*').expect(200);
      expect([untagged.headers['cache-control'], untagged.headers.etag]).toEqual(['private, max-age=60', undefined]);
    });

    it('leaves writes, errors and streams alone', async () => {
      const write = await http().post('/screens/write').expect(201);
      expect([write.headers.etag, write.headers['cache-control']]).toEqual([undefined, 'no-store']);
      const missing = await http().get('/screens/nothing').expect(404);
      expect([missing.headers.etag, missing.headers['cache-control']]).toEqual([undefined, 'no-store']);
      const stream = await http().get('/screens/stream').buffer(true).expect(200);
      expect(stream.headers.etag).toBeUndefined();
    });
  });

  describe('compression', () => {
    it('sends br when offered, gzip when only it is, identity otherwise, and always Vary: Accept-Encoding', async () => {
      const plain = await raw('/screens/list', { 'accept-encoding': 'identity' });
      const br = await raw('/screens/list', { 'accept-encoding': 'gzip, deflate, br' });
      const gzip = await raw('/screens/list', { 'accept-encoding': 'gzip' });
      expect([plain.headers['content-encoding'], br.headers['content-encoding'], gzip.headers['content-encoding']]).toEqual([
        undefined,
        'br',
        'gzip',
      ]);
      for (const res of [plain, br, gzip]) expect(res.headers.vary).toMatch(/Accept-Encoding/);
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
      expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
      expect(JSON.parse(plain.body.toString())).toEqual({ items: rows });
      expect(br.headers.etag).toBe(plain.headers.etag);
    });

    it('leaves small bodies, opted-out routes and 304s uncompressed', async () => {
      expect((await raw('/screens/small', { 'accept-encoding': 'br' })).headers['content-encoding']).toBeUndefined();
      const stream = await raw('/screens/stream', { 'accept-encoding': 'br' });
      expect(stream.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(stream.body.toString())).toEqual(rows);
      const { headers } = await http().get('/screens/list');
      const notModified = await raw('/screens/list', { 'accept-encoding': 'br', 'if-none-match': headers.etag });
      expect(notModified.status).toBe(304);
      expect(notModified.headers['content-encoding']).toBeUndefined();
      expect(notModified.body.length).toBe(0);
    });
  });
});
