import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { PlatformConfig, PlatformModule, type Principal, RequestContext } from '@facet/platform';
import request from 'supertest';
import { BrowserApi, CsrfGuard, CurrentSession, SessionAuthGuard, SessionGuard } from './guards';
import { Public } from '../public-route';
import { KEY_VALUE_STORE } from './key-value.store';
import { MemoryKeyValueStore } from './memory.store';
import { OidcProviderClient } from './oidc-provider.client';
import { SessionService } from './session.service';
import { FakeProvider, testLogin, testSessionOptions } from './session.spec-helper';
import type { SessionPrincipal } from './web-session';
import { SESSION_COOKIE, WEB_SESSION_OPTIONS } from './web-session.options';

@Controller('me')
class MeController {
  constructor(private readonly context: RequestContext) {}

  /** Echoes what the handler was given, and the token downstream calls would relay. */
  @Get()
  me(@CurrentSession() principal: SessionPrincipal): { principal: SessionPrincipal; relayedToken?: string; contextPrincipal?: Principal } {
    return { principal, relayedToken: this.context.userAccessToken, contextPrincipal: this.context.principal };
  }
}

@Controller('api/things')
@BrowserApi()
class ThingsController {
  @Get()
  list(): { things: [] } {
    return { things: [] };
  }
}

@Controller('welcome')
@Public()
class WelcomeController {
  @Get()
  hello(): { hello: string } {
    return { hello: 'anyone' };
  }
}

class SampleConfig extends PlatformConfig {}

describe('SessionAuthGuard (global), SessionGuard and @CurrentSession() over HTTP', () => {
  let app: INestApplication;
  let sessions: SessionService;

  beforeAll(async () => {
    @Module({
      imports: [PlatformModule.forRoot({ appName: 'sample', config: SampleConfig, env: { LOG_LEVEL: 'silent' } })],
      controllers: [MeController, ThingsController, WelcomeController],
      providers: [
        { provide: KEY_VALUE_STORE, useValue: new MemoryKeyValueStore(100) },
        { provide: WEB_SESSION_OPTIONS, useValue: testSessionOptions },
        { provide: OidcProviderClient, useValue: new FakeProvider() },
        SessionService,
        SessionGuard,
        CsrfGuard,
        { provide: APP_GUARD, useClass: SessionAuthGuard },
      ],
    })
    class SampleModule {}
    const moduleRef = await Test.createTestingModule({ imports: [SampleModule] }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
    sessions = app.get(SessionService);
  });

  afterAll(() => app.close());

  it('hands the handler who the session belongs to and until when, with no tokens and no session id', async () => {
    const session = await sessions.create(testLogin());
    const res = await request(app.getHttpServer()).get('/me').set('Cookie', `${SESSION_COOKIE}=${session.id}`).expect(200);
    const { principal } = res.body as { principal: Record<string, unknown> };
    expect(principal).toEqual({
      subject: 'u_0001',
      providerSessionId: 'sid-1',
      profile: { name: 'Ada Lovelace', email: 'ada@example.test' },
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
      absoluteExpiresAt: session.absoluteExpiresAt,
    });
    expect(principal).not.toHaveProperty('tokens');
    expect(principal).not.toHaveProperty('id');
    expect(JSON.stringify(principal)).not.toMatch(/access-0|refresh-0|id-token/);
  });

  it('still puts the access token in the request context for downstream calls', async () => {
    const session = await sessions.create(testLogin());
    const res = await request(app.getHttpServer()).get('/me').set('Cookie', `${SESSION_COOKIE}=${session.id}`).expect(200);
    expect((res.body as { relayedToken: string }).relayedToken).toBe('access-0');
  });

  it('puts the principal every auth kind shares in the request context', async () => {
    const session = await sessions.create(testLogin());
    const res = await request(app.getHttpServer()).get('/me').set('Cookie', `${SESSION_COOKIE}=${session.id}`).expect(200);
    const { contextPrincipal, principal } = res.body as { contextPrincipal: Principal; principal: SessionPrincipal };
    expect(contextPrincipal).toEqual({ kind: 'session', subject: 'u_0001', scopes: [], expiresAt: principal.expiresAt });
  });

  it('refuses a request without a session with 401', async () => {
    const res = await request(app.getHttpServer()).get('/me').expect(401);
    expect((res.body as { error: { code: string } }).error.code).toBe('SESSION_REQUIRED');
  });

  it('serves @Public() routes and the platform health routes without a session', async () => {
    await request(app.getHttpServer()).get('/welcome').expect(200, { hello: 'anyone' });
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });

  it('checks a browser API route for CSRF before the session, so a cross-site request is refused as such', async () => {
    const session = await sessions.create(testLogin());
    const cookie = `${SESSION_COOKIE}=${session.id}`;
    const forged = await request(app.getHttpServer()).get('/api/things').expect(403);
    expect((forged.body as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
    await request(app.getHttpServer()).get('/api/things').set('Cookie', cookie).expect(403);
    const foreign = await request(app.getHttpServer())
      .get('/api/things')
      .set({ Cookie: cookie, 'X-CSRF': '1', Origin: 'https://evil.example' })
      .expect(403);
    expect((foreign.body as { error: { message: string } }).error.message).toBe('Origin https://evil.example is not allowed');
    await request(app.getHttpServer()).get('/api/things').set('X-CSRF', '1').expect(401);
    await request(app.getHttpServer()).get('/api/things').set({ Cookie: cookie, 'X-CSRF': '1' }).expect(200, { things: [] });
  });

  it('does not ask routes outside the browser API for the CSRF header', async () => {
    const session = await sessions.create(testLogin());
    await request(app.getHttpServer()).get('/me').set('Cookie', `${SESSION_COOKIE}=${session.id}`).expect(200);
  });
});
