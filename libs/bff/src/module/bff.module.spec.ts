import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Public, RequireScopes } from '@facet/auth';
import { Caller, ConfigurationError, type Principal, checkConfiguration } from '@facet/platform';
import { type TestIssuer, startTestIssuer } from '@facet/testing';
import request from 'supertest';
import { BearerBffConfig } from './bff.config';
import { BffModule } from './bff.module';

@Controller('v1')
class ScreensController {
  @Get('me')
  @RequireScopes('orders:read')
  me(@Caller() caller: Principal): Principal {
    return caller;
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

const SECRETS = { OIDC_CLIENT_SECRET: 'test-only-secret', STATE_ENCRYPTION_SECRET: 'test-only-state-secret-of-32-characters' };

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
    expect(() => checkConfiguration()).toThrow(
      /OIDC_CLIENT_SECRET \(missing\).*STATE_ENCRYPTION_SECRET \(missing\)|STATE_ENCRYPTION_SECRET \(missing\).*OIDC_CLIENT_SECRET \(missing\)/s,
    );
  });
});
