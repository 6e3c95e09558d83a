import { Controller, Get, type INestApplication, Module, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PlatformConfig, PlatformModule, type Principal, RequestContext } from '@facet/platform';
import request from 'supertest';
import { CurrentSession, SessionGuard } from './guards';
import { KEY_VALUE_STORE } from './key-value.store';
import { MemoryKeyValueStore } from './memory.store';
import { OidcProviderClient } from './oidc-provider.client';
import { SessionService } from './session.service';
import { FakeProvider, testLogin, testSessionOptions } from './session.spec-helper';
import type { SessionPrincipal } from './web-session';
import { SESSION_COOKIE, WEB_SESSION_OPTIONS } from './web-session.options';

@Controller('me')
@UseGuards(SessionGuard)
class MeController {
  constructor(private readonly context: RequestContext) {}

  /** Echoes what the handler was given, and the token downstream calls would relay. */
  @Get()
  me(@CurrentSession() principal: SessionPrincipal): { principal: SessionPrincipal; relayedToken?: string; contextPrincipal?: Principal } {
    return { principal, relayedToken: this.context.userAccessToken, contextPrincipal: this.context.principal };
  }
}

class SampleConfig extends PlatformConfig {}

describe('SessionGuard and @CurrentSession() over HTTP', () => {
  let app: INestApplication;
  let sessions: SessionService;

  beforeAll(async () => {
    @Module({
      imports: [PlatformModule.forRoot({ appName: 'sample', config: SampleConfig, env: { LOG_LEVEL: 'silent' } })],
      controllers: [MeController],
      providers: [
        { provide: KEY_VALUE_STORE, useValue: new MemoryKeyValueStore(100) },
        { provide: WEB_SESSION_OPTIONS, useValue: testSessionOptions },
        { provide: OidcProviderClient, useValue: new FakeProvider() },
        SessionService,
        SessionGuard,
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
});
