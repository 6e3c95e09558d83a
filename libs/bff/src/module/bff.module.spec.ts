import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiKeyRegistry, Public, RequireScopes } from '@facet/auth';
import { Caller, ConfigurationError, type Principal, checkConfiguration } from '@facet/platform';
import { type TestIssuer, startTestIssuer } from '@facet/testing';
import request from 'supertest';
import { SignedCursorCodec } from '../cursor/signed-cursor';
import { IdempotentRequests } from '../idempotency/idempotent-requests';
import { BearerBffConfig, PartnerBffConfig } from './bff.config';
import { BffModule } from './bff.module';

@Controller('v1')
class ScreensController {
  @Get('me')
  @RequireScopes('orders:read')
  me(@Caller() caller: Principal): Principal {
    return caller;
  }

  @Get('other')
  @RequireScopes('orders:read')
  other(): { other: true } {
    return { other: true };
  }

  @Get('open')
  @Public()
  open(): { open: true } {
    return { open: true };
  }
}

class SampleBffConfig extends BearerBffConfig {
  override OIDC_CLIENT_ID = 'sample-bff';
  override REDIS_KEY_PREFIX = 'facet:sample-bff:';
  override BFF_AUDIENCE = 'urn:test:api';
}

const SECRETS = {
  OIDC_CLIENT_SECRET: 'test-only-secret',
  STATE_ENCRYPTION_SECRET: 'test-only-state-secret-of-32-characters',
  CURSOR_SIGNING_SECRET: 'test-only-cursor-secret-of-32-characters',
};

async function appWith(env: Record<string, string>, errors?: 'problem'): Promise<INestApplication> {
  @Module({
    imports: [
      BffModule.forRoot({
        app: 'sample-bff',
        config: SampleBffConfig,
        auth: { kind: 'bearer' },
        errors,
        env: { LOG_LEVEL: 'silent', ...env },
      }),
    ],
    controllers: [ScreensController],
  })
  class SampleBffModule {}
  const app = (await Test.createTestingModule({ imports: [SampleBffModule] }).compile()).createNestApplication();
  return app.init();
}

describe('BffModule.forRoot with the bearer auth kind', () => {
  let issuer: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    app = await appWith({ ...SECRETS, OIDC_ISSUER_URL: issuer.issuer });
  });

  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  it('guards every route with the bearer guard, scopes included, and hands the route the token-free principal', async () => {
    await request(app.getHttpServer()).get('/v1/me').expect(401);
    const reader = await issuer.sign({ sub: 'u_0007', client_id: 'facet-mobile', scope: 'orders:read' });
    const res = await request(app.getHttpServer()).get('/v1/me').set('Authorization', `Bearer ${reader}`).expect(200);
    expect(res.body).toMatchObject({ kind: 'bearer', subject: 'u_0007', clientId: 'facet-mobile', scopes: ['orders:read'] });
    expect(JSON.stringify(res.body)).not.toContain(reader);
    const other = await issuer.sign({ scope: 'products:read' });
    await request(app.getHttpServer()).get('/v1/me').set('Authorization', `Bearer ${other}`).expect(403);
  });

  it('serves @Public() routes and health without a token', async () => {
    await request(app.getHttpServer()).get('/v1/open').expect(200, { open: true });
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });

  it('renders errors as problem details when the app chooses them', async () => {
    const problems = await appWith({ ...SECRETS, OIDC_ISSUER_URL: issuer.issuer }, 'problem');
    try {
      const res = await request(problems.getHttpServer()).get('/v1/me').expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.text)).toMatchObject({ type: 'urn:facet:problem:unauthenticated', status: 401 });
    } finally {
      await problems.close();
    }
  });

  it('refuses to start without the secrets every BFF of the kind needs, naming each', () => {
    // forRoot registers the app's configuration check, which bootstrap() runs before Nest starts.
    BffModule.forRoot({ app: 'sample-bff', config: SampleBffConfig, auth: { kind: 'bearer' }, env: {} });
    expect(() => checkConfiguration()).toThrow(ConfigurationError);
    for (const secret of ['OIDC_CLIENT_SECRET', 'STATE_ENCRYPTION_SECRET', 'CURSOR_SIGNING_SECRET']) {
      expect(() => checkConfiguration()).toThrow(`${secret} (missing)`);
    }
  });

  it('refuses a backend deadline shorter than one attempt, naming both settings', () => {
    const env = { ...SECRETS, DOWNSTREAM_ATTEMPT_TIMEOUT_MS: '3000', DOWNSTREAM_DEADLINE_MS: '1000' };
    BffModule.forRoot({ app: 'sample-bff', config: SampleBffConfig, auth: { kind: 'bearer' }, env });
    expect(() => checkConfiguration()).toThrow('DOWNSTREAM_DEADLINE_MS must be at least DOWNSTREAM_ATTEMPT_TIMEOUT_MS');
    BffModule.forRoot({
      app: 'sample-bff',
      config: SampleBffConfig,
      auth: { kind: 'bearer' },
      env: { ...env, DOWNSTREAM_DEADLINE_MS: '3000' },
    });
    expect(() => checkConfiguration()).not.toThrow();
  });

  it('gives the app the state an API BFF shares: idempotency records and the cursor codec', () => {
    expect(app.get(IdempotentRequests)).toBeInstanceOf(IdempotentRequests);
    expect(app.get(SignedCursorCodec)).toBeInstanceOf(SignedCursorCodec);
  });
});

class SamplePartnerBffConfig extends PartnerBffConfig {
  override OIDC_CLIENT_ID = 'sample-partner-bff';
  override REDIS_KEY_PREFIX = 'facet:sample-partner-bff:';
  override PARTNER_API_AUDIENCE = 'urn:test:partner-api';
}

const PARTNER_SECRETS = {
  OIDC_CLIENT_SECRET: 'test-only-secret',
  CURSOR_SIGNING_SECRET: 'test-only-cursor-secret-of-32-characters',
  PARTNER_ADMIN_TOKEN: 'test-only-admin-token-of-32-characters',
  PARTNER_CLIENTS: 'partner-acme=acme',
  RATE_LIMITS: 'read=3/60',
  PARTNER_RATE_LIMITS: 'acme:read=5/60',
};

describe('BffModule.forRoot with the partner auth kind', () => {
  let issuer: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    issuer = await startTestIssuer('urn:test:partner-api');
    @Module({
      imports: [
        BffModule.forRoot({
          app: 'sample-partner-bff',
          config: SamplePartnerBffConfig,
          auth: { kind: 'partner' },
          errors: 'problem',
          env: { LOG_LEVEL: 'silent', ...PARTNER_SECRETS, OIDC_ISSUER_URL: issuer.issuer },
        }),
      ],
      controllers: [ScreensController],
    })
    class SamplePartnerModule {}
    app = (await Test.createTestingModule({ imports: [SamplePartnerModule] }).compile()).createNestApplication();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  it('lets a partner in by API key or client-credentials token, as its partner, with problem details for refusals', async () => {
    const refused = await request(app.getHttpServer()).get('/v1/me').expect(401);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const { key } = await app.get(ApiKeyRegistry).issue({ partnerId: 'acme', scopes: ['orders:read'], label: 'test', validDays: 1 });
    const byKey = await request(app.getHttpServer()).get('/v1/me').set('X-Api-Key', key).expect(200);
    expect(byKey.body).toMatchObject({ kind: 'api-key', subject: 'acme', partnerId: 'acme' });
    const token = await issuer.sign({ sub: 'partner-acme', client_id: 'partner-acme', scope: 'orders:read' });
    const byToken = await request(app.getHttpServer()).get('/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(byToken.body).toMatchObject({ kind: 'client-credentials', partnerId: 'acme', clientId: 'partner-acme' });
    await request(app.getHttpServer()).get('/v1/open').expect(200);
  });

  it('counts each partner apart, with its own limit, IETF RateLimit fields on every answer and a 429 beyond it', async () => {
    const registry = app.get(ApiKeyRegistry);
    const acme = (await registry.issue({ partnerId: 'acme', scopes: ['orders:read'], label: 'limits', validDays: 1 })).key;
    const globex = (await registry.issue({ partnerId: 'globex', scopes: ['orders:read'], label: 'limits', validDays: 1 })).key;
    const call = (key: string, route = '/v1/me') => request(app.getHttpServer()).get(route).set('X-Api-Key', key);
    const first = await call(globex).expect(200);
    expect(first.headers['ratelimit-policy']).toBe('"read";q=3;w=60');
    expect(first.headers['ratelimit']).toMatch(/^"read";r=2;t=\d+$/);
    // Every read route spends the one read budget.
    await call(globex, '/v1/other').expect(200);
    await call(globex).expect(200);
    await call(globex, '/v1/other').expect(429);
    const refused = await call(globex).expect(429);
    expect(JSON.parse(refused.text)).toMatchObject({ type: 'urn:facet:problem:rate-limited', status: 429 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit']).toMatch(/^"read";r=0;t=\d+$/);
    // acme's own limit (5), untouched by globex's spending (the test above spent two of acme's).
    const remaining: number[] = [];
    for (let answer = await call(acme); answer.status === 200; answer = await call(acme)) {
      expect(answer.headers['ratelimit-policy']).toBe('"read";q=5;w=60');
      remaining.push(Number(/r=(\d+)/.exec(answer.headers['ratelimit'])![1]));
    }
    expect(remaining).toEqual([2, 1, 0]);
    // A public route is not counted at all.
    const open = await request(app.getHttpServer()).get('/v1/open').expect(200);
    expect(open.headers['ratelimit']).toBeUndefined();
  });

  it('refuses to start without the partner settings, naming each', () => {
    BffModule.forRoot({ app: 'sample-partner-bff', config: SamplePartnerBffConfig, auth: { kind: 'partner' }, env: {} });
    for (const setting of ['PARTNER_CLIENTS', 'PARTNER_ADMIN_TOKEN', 'CURSOR_SIGNING_SECRET']) {
      expect(() => checkConfiguration()).toThrow(`${setting} (missing)`);
    }
  });
});
