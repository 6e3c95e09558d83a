import { PlatformConfig, PlatformModule, ReadinessRegistry, RequestContext } from '@facet/platform';
import { Controller, Get, Module, Param } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import request from 'supertest';
import { FakeService, json } from '../test-support/fake-service';
import { productPayload } from '../test-support/fixtures';
import { OrdersClient } from './clients/orders.client';
import { DownstreamPassThrough } from './clients/pass-through.client';
import { ProductsClient } from './clients/products.client';
import { UsersClient } from './clients/users.client';
import { DownstreamModule } from './downstream.module';

class SampleConfig extends PlatformConfig {
  @IsString()
  PRODUCT_SERVICE_URL: string;
}

@Controller('products')
class ProductsController {
  constructor(
    private readonly products: ProductsClient,
    private readonly context: RequestContext,
  ) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<{ names: string[] }> {
    this.context.setUserAccessToken('token-from-the-guard');
    const found = await Promise.all([id, id, 'p_0002'].map((each) => this.products.getProduct(each)));
    return { names: found.map((p) => p.name) };
  }
}

/** Created once and imported wherever clients are used, as an app does. */
const makeDownstream = () =>
  DownstreamModule.forRootAsync({
    inject: [SampleConfig],
    useFactory: (config: SampleConfig) => ({
      services: {
        orders: { baseUrl: config.PRODUCT_SERVICE_URL },
        products: { baseUrl: config.PRODUCT_SERVICE_URL },
        users: { baseUrl: config.PRODUCT_SERVICE_URL },
      },
      readiness: ['products'],
    }),
  });

describe('DownstreamModule', () => {
  let fake: FakeService;
  let app: NestExpressApplication;

  beforeAll(async () => {
    fake = await FakeService.start();
    fake.reply((req, res) => {
      if (req.path === '/health/ready') return json(res, 200, { status: 'ok' });
      const asked = req.query.get('ids')!.split(',');
      json(res, 200, { items: asked.map((id) => productPayload(id)), missing: [] });
    });
    const Downstream = makeDownstream();
    @Module({
      imports: [
        PlatformModule.forRoot({ appName: 'sample', config: SampleConfig, env: { LOG_LEVEL: 'silent', PRODUCT_SERVICE_URL: fake.url } }),
        Downstream,
      ],
      controllers: [ProductsController],
    })
    class SampleModule {}
    const moduleRef = await Test.createTestingModule({ imports: [SampleModule] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await fake.close();
  });

  beforeEach(() => fake.reset());

  it('provides the typed clients from the app’s configuration', () => {
    for (const client of [ProductsClient, UsersClient, OrdersClient, DownstreamPassThrough]) expect(app.get(client)).toBeInstanceOf(client);
  });

  it('carries request id, trace context and the user token from an incoming request, batching its lookups', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await request(app.getHttpServer())
      .get('/products/p_0001')
      .set('X-Request-Id', 'incoming-42')
      .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
      .expect(200);
    expect(response.body).toEqual({ names: ['Product p_0001', 'Product p_0001', 'Product p_0002'] });
    expect(fake.requests).toHaveLength(1);
    const [call] = fake.requests;
    expect(call.query.get('ids')).toBe('p_0001,p_0002');
    expect(call.headers).toMatchObject({ 'x-request-id': 'incoming-42', authorization: 'Bearer token-from-the-guard' });
    expect(call.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(call.headers.traceparent).not.toContain('00f067aa0ba902b7');
  });

  it('registers the chosen services as readiness dependencies', async () => {
    const readiness = app.get(ReadinessRegistry);
    const downstream = readiness.entries().filter(([name]) => name.startsWith('downstream:'));
    expect(downstream.map(([name]) => name)).toEqual(['downstream:products']);
    await downstream[0][1]();
    expect(fake.requests[0].path).toBe('/health/ready');
    await request(app.getHttpServer()).get('/health/ready').expect(200);
  });

  it('stops the app at start-up with the name of a bad setting', async () => {
    @Module({
      imports: [
        PlatformModule.forRoot({ appName: 'bad', config: SampleConfig, env: { LOG_LEVEL: 'silent', PRODUCT_SERVICE_URL: 'nope' } }),
        makeDownstream(),
      ],
    })
    class BadModule {}
    await expect(Test.createTestingModule({ imports: [BadModule] }).compile()).rejects.toThrow(/orders\.baseUrl is not a URL/);
  });
});
