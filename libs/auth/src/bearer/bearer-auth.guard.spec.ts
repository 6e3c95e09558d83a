import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { PlatformConfig, PlatformModule, type Principal, RequestContext } from '@facet/platform';
import request from 'supertest';
import { CurrentPrincipal, RequireScopes } from './bearer-auth.decorators';
import { Public } from '../public-route';
import { BearerAuthGuard, bearerTokenOf } from './bearer-auth.guard';
import { BearerAuthModule } from './bearer-auth.module';
import type { BearerPrincipal } from './bearer-principal';
import { type TestIssuer, startTestIssuer } from '@facet/testing';

@Controller('things')
class ThingsController {
  constructor(private readonly context: RequestContext) {}

  @Get('context')
  fromContext(): { principal?: Principal; subjectToken?: string; relayedToken: string | null } {
    return {
      principal: this.context.principal,
      subjectToken: this.context.subjectToken,
      relayedToken: this.context.userAccessToken ?? null,
    };
  }

  @Get('mine')
  mine(@CurrentPrincipal() principal: BearerPrincipal): Pick<BearerPrincipal, 'subject' | 'isUser'> {
    return { subject: principal.subject, isUser: principal.isUser };
  }

  @Get('open')
  @Public()
  open(): { open: true } {
    return { open: true };
  }

  @Get('writes')
  @RequireScopes('orders:write')
  writes(): { written: true } {
    return { written: true };
  }
}

class SampleConfig extends PlatformConfig {}

describe('BearerAuthGuard over HTTP', () => {
  let idp: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    idp = await startTestIssuer();
    @Module({
      imports: [
        PlatformModule.forRoot({ appName: 'sample', config: SampleConfig, env: { LOG_LEVEL: 'silent' } }),
        BearerAuthModule.forRootAsync({ useFactory: () => ({ issuer: idp.issuer, audience: idp.audience }) }),
      ],
      controllers: [ThingsController],
      providers: [{ provide: APP_GUARD, useExisting: BearerAuthGuard }],
    })
    class SampleModule {}
    const moduleRef = await Test.createTestingModule({ imports: [SampleModule] }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await idp.close();
  });

  it('refuses a request without a token with 401, the error body and a bare Bearer challenge', async () => {
    const res = await request(app.getHttpServer()).get('/things/mine').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body.error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses a bad token naming invalid_token in the challenge', async () => {
    const expired = await idp.sign({ exp: Math.floor(Date.now() / 1000) - 3600 });
    const res = await request(app.getHttpServer()).get('/things/mine').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token", error_description="The access token has expired"');
    await request(app.getHttpServer()).get('/things/mine').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
  });

  it('lets a valid token through and hands the principal to the route', async () => {
    const token = await idp.sign({ sub: 'u_0042' });
    const res = await request(app.getHttpServer()).get('/things/mine').set('Authorization', `bearer ${token}`).expect(200);
    expect(res.body).toEqual({ subject: 'u_0042', isUser: true });
  });

  it('puts the token-free principal in the request context, and the token as the subject token to exchange, never as one to relay', async () => {
    const token = await idp.sign({ sub: 'u_0042', client_id: 'facet-mobile', scope: 'orders:read users:read', exp: 2_000_000_000 });
    const res = await request(app.getHttpServer()).get('/things/context').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual({
      principal: {
        kind: 'bearer',
        subject: 'u_0042',
        clientId: 'facet-mobile',
        scopes: ['orders:read', 'users:read'],
        expiresAt: 2_000_000_000_000,
      },
      subjectToken: token,
      relayedToken: null,
    });
  });

  it('serves @Public() routes and the platform health routes without a token', async () => {
    await request(app.getHttpServer()).get('/things/open').expect(200);
    await request(app.getHttpServer()).get('/health/live').expect(200);
    await request(app.getHttpServer()).get('/health/ready').expect(200);
  });

  it('answers 403 INSUFFICIENT_SCOPE when the token lacks a scope the route requires', async () => {
    const reader = await idp.sign({ scope: 'orders:read' });
    const res = await request(app.getHttpServer()).get('/things/writes').set('Authorization', `Bearer ${reader}`).expect(403);
    expect(res.body.error).toMatchObject({ code: 'INSUFFICIENT_SCOPE', details: { missingScopes: ['orders:write'] } });
    expect(res.headers['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="orders:write"');
    const writer = await idp.sign({ scope: 'orders:read orders:write' });
    await request(app.getHttpServer()).get('/things/writes').set('Authorization', `Bearer ${writer}`).expect(200);
  });
});

describe('bearerTokenOf', () => {
  it('reads the token of a Bearer authorization header, whatever the case of the scheme', () => {
    expect(bearerTokenOf('Bearer abc.def-ghi_jkl')).toBe('abc.def-ghi_jkl');
    expect(bearerTokenOf('bearer abc')).toBe('abc');
  });

  it('refuses a missing header, another scheme, or a token with characters a token cannot hold', () => {
    expect(() => bearerTokenOf(undefined)).toThrow('A bearer access token is required');
    expect(() => bearerTokenOf('Basic abc')).toThrow(/Bearer <access token>/);
    expect(() => bearerTokenOf('Bearer a b')).toThrow(/Bearer <access token>/);
  });
});
