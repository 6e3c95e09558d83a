import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { PlatformConfig, PlatformModule, type Principal, RequestContext } from '@facet/platform';
import { type TestIssuer, startTestIssuer } from '@facet/testing';
import request from 'supertest';
import { RequireScopes } from '../bearer/bearer-auth.decorators';
import { Public } from '../public-route';
import { ApiKeyRegistry } from './api-key.registry';
import { CurrentPartner, PartnerAuthGuard } from './partner-auth.guard';
import { PartnerAuthModule } from './partner-auth.module';
import type { PartnerCaller } from './partner-caller';

@Controller('feed')
@RequireScopes('partner:products:read')
class FeedController {
  constructor(private readonly context: RequestContext) {}

  @Get()
  feed(@CurrentPartner() partner: PartnerCaller): { partner: PartnerCaller; principal?: Principal } {
    return { partner, principal: this.context.principal };
  }

  @Get('orders')
  @RequireScopes('partner:orders:read')
  orders(): { orders: [] } {
    return { orders: [] };
  }

  @Get('open')
  @Public()
  open(): { open: true } {
    return { open: true };
  }
}

class SampleConfig extends PlatformConfig {}

describe('PartnerAuthGuard over HTTP', () => {
  let idp: TestIssuer;
  let app: INestApplication;
  let acmeKey: string;
  let acmeKeyId: string;

  const clientToken = (clientId: string, scope: string, extra: Record<string, unknown> = {}): Promise<string> =>
    idp.sign({ sub: clientId, client_id: clientId, scope, ...extra });

  beforeAll(async () => {
    idp = await startTestIssuer('urn:test:partner-api');
    @Module({
      imports: [
        PlatformModule.forRoot({ appName: 'sample', config: SampleConfig, env: { LOG_LEVEL: 'silent' } }),
        PartnerAuthModule.forRoot({
          issuer: idp.issuer,
          audience: idp.audience,
          partnerClients: { 'partner-acme': 'acme' },
          keyStore: 'memory',
          keyPrefix: 'test:',
        }),
      ],
      controllers: [FeedController],
      providers: [{ provide: APP_GUARD, useExisting: PartnerAuthGuard }],
    })
    class SampleModule {}
    const moduleRef = await Test.createTestingModule({ imports: [SampleModule] }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
    const issued = await app
      .get(ApiKeyRegistry)
      .issue({ partnerId: 'acme', scopes: ['partner:products:read'], label: 'test', validDays: 1 });
    acmeKey = issued.key;
    acmeKeyId = issued.description.keyId;
  });

  afterAll(async () => {
    await app.close();
    await idp.close();
  });

  it('lets a partner in with an API key, as its partner, naming the key id and never the key', async () => {
    const response = await request(app.getHttpServer()).get('/feed').set('X-Api-Key', acmeKey).expect(200);
    expect(response.body.partner).toMatchObject({ partnerId: 'acme', via: 'api-key', credentialId: acmeKeyId });
    expect(response.body.principal).toMatchObject({ kind: 'api-key', subject: 'acme', partnerId: 'acme', keyId: acmeKeyId });
    expect(JSON.stringify(response.body)).not.toContain(acmeKey.slice(-43));
  });

  it('lets a partner in with a client-credentials token of a partner client', async () => {
    const token = await clientToken('partner-acme', 'partner:products:read partner:orders:read');
    const response = await request(app.getHttpServer()).get('/feed/orders').set('Authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({ orders: [] });
    const feed = await request(app.getHttpServer()).get('/feed').set('Authorization', `Bearer ${token}`).expect(200);
    expect(feed.body.principal).toMatchObject({ kind: 'client-credentials', partnerId: 'acme', clientId: 'partner-acme' });
  });

  it.each([
    ['no credential', {}, 'Bearer'],
    ['a wrong API key', { 'X-Api-Key': `fpk_${'0'.repeat(16)}_${'A'.repeat(43)}` }, 'invalid_token'],
    ['a malformed API key', { 'X-Api-Key': 'guess' }, 'invalid_token'],
  ])('answers 401 with a challenge for %s', async (_case, headers, challenge) => {
    const response = await request(app.getHttpServer()).get('/feed').set(headers).expect(401);
    expect(response.headers['www-authenticate']).toContain(challenge);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a request with both an API key and a token', async () => {
    const token = await clientToken('partner-acme', 'partner:products:read');
    await request(app.getHttpServer()).get('/feed').set('X-Api-Key', acmeKey).set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('refuses a token of a client that is no partner, a user token, and a token for another audience', async () => {
    const stranger = await clientToken('facet-web-bff', 'partner:products:read');
    const user = await idp.sign({ sub: 'u_0001', client_id: 'partner-acme', scope: 'partner:products:read' });
    const otherAudience = await clientToken('partner-acme', 'partner:products:read', { aud: 'urn:facet:backend' });
    const prototypeNames = await Promise.all(
      ['constructor', '__proto__', 'toString'].map((name) => clientToken(name, 'partner:products:read')),
    );
    for (const token of [stranger, user, otherAudience, ...prototypeNames]) {
      await request(app.getHttpServer()).get('/feed').set('Authorization', `Bearer ${token}`).expect(401);
    }
  });

  it('answers 403 naming the scope a key lacks', async () => {
    const response = await request(app.getHttpServer()).get('/feed/orders').set('X-Api-Key', acmeKey).expect(403);
    expect(response.body.error).toMatchObject({ code: 'INSUFFICIENT_SCOPE', details: { missingScopes: ['partner:orders:read'] } });
  });

  it('refuses a revoked key on its next request', async () => {
    const registry = app.get(ApiKeyRegistry);
    const { key, description } = await registry.issue({ partnerId: 'acme', scopes: ['partner:products:read'], label: 'x', validDays: 1 });
    await request(app.getHttpServer()).get('/feed').set('X-Api-Key', key).expect(200);
    await registry.revoke(description.keyId);
    await request(app.getHttpServer()).get('/feed').set('X-Api-Key', key).expect(401);
  });

  it('serves public routes without a credential', async () => {
    await request(app.getHttpServer()).get('/feed/open').expect(200, { open: true });
  });
});
