import {
  type ArgumentsHost,
  BadRequestException,
  Controller,
  Get,
  HttpException,
  type INestApplication,
  Logger,
  Module,
  NotFoundException,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { Test } from '@nestjs/testing';
import { ThrottlerException } from '@nestjs/throttler';
import { IsInt } from 'class-validator';
import request from 'supertest';
import { PlatformConfig } from '../config/platform.config';
import { PlatformModule } from '../platform.module';
import { FacetError, NotFoundError } from './facet-error';
import { DEFAULT_RETRY_AFTER_SECONDS, FacetExceptionFilter, toErrorBody, toProblemDetails } from './error.filter';
import { RequestValidationError } from './validation';

describe('toErrorBody', () => {
  it('keeps the code, status and details of a FacetError', () => {
    expect(toErrorBody(new NotFoundError('Order', 'ord_1'), 'r1')).toEqual({
      error: { status: 404, code: 'NOT_FOUND', message: 'Order ord_1 was not found', details: { order: 'ord_1' }, requestId: 'r1' },
    });
  });

  it('names every invalid field of a validation error', () => {
    const body = toErrorBody(new RequestValidationError([{ field: 'items.0.quantity', problems: ['quantity must not be less than 1'] }]));
    expect(body.error.status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toContain('items.0.quantity');
  });

  it('maps Nest HTTP exceptions to a code by status', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x')).error).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: 'Cannot GET /x',
    });
    expect(toErrorBody(new BadRequestException(['a', 'b'])).error.message).toBe('a; b');
  });

  it('names a malformed JSON body, as the platform adapter hands it over', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token } in JSON'), { status: 400 });
    expect(toErrorBody(new BadRequestException(parseError.message, { cause: parseError })).error).toMatchObject({
      status: 400,
      code: 'MALFORMED_BODY',
    });
    expect(toErrorBody(new HttpException('request entity too large', 413)).error).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('renders a rate limiter refusal (ThrottlerException) as 429 RATE_LIMITED with its message', () => {
    expect(toErrorBody(new ThrottlerException('Too many login requests from this address'), 'r1')).toEqual({
      error: { status: 429, code: 'RATE_LIMITED', message: 'Too many login requests from this address', requestId: 'r1' },
    });
  });

  it('treats errors that are not HTTP exceptions as unexpected, whatever status they claim', () => {
    expect(toErrorBody({ status: 400, message: 'internal detail' }).error).toMatchObject({
      status: 500,
      code: 'INTERNAL',
      message: 'Internal error',
    });
  });

  it('hides the message of an unexpected error', () => {
    expect(toErrorBody(new TypeError('x is undefined')).error).toEqual({
      status: 500,
      code: 'INTERNAL',
      message: 'Internal error',
      requestId: undefined,
    });
    expect(toErrorBody(new FacetError('UPSTREAM', 'boom', 502)).error.status).toBe(502);
  });
});

describe('FacetExceptionFilter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs an unexpected error with the path but not the query string, which can hold authorization codes', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const response = { headersSent: false, status: jest.fn().mockReturnThis(), json: jest.fn() };
    const request = { url: '/auth/callback?code=secret-code&state=s', id: 'r1' };
    const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;

    new FacetExceptionFilter().catch(new TypeError('x is undefined'), host);

    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ path: '/auth/callback' }), 'Internal error');
    expect(JSON.stringify(logged.mock.calls)).not.toContain('secret-code');
    expect(response.status).toHaveBeenCalledWith(500);
  });

  it('logs a dependency outage thrown on purpose as a warning with its code and cause, not as an error', () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const response = {
      headersSent: false,
      hasHeader: () => false,
      setHeader: jest.fn(),
      status: jest.fn().mockReturnThis(),
      json: jest.fn(),
    };
    const request = { url: '/api/dashboard?x=1', id: 'r1' };
    const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
    const outage = new FacetError('SESSION_STORE_UNAVAILABLE', 'Sessions cannot be read right now', 503);
    outage.cause = new Error('connect ECONNREFUSED 10.0.0.7:6379');

    new FacetExceptionFilter().catch(outage, host);

    expect(errors).not.toHaveBeenCalled();
    expect(warnings).toHaveBeenCalledWith(
      { code: 'SESSION_STORE_UNAVAILABLE', cause: 'connect ECONNREFUSED 10.0.0.7:6379', path: '/api/dashboard' },
      'Sessions cannot be read right now',
    );
    expect(response.status).toHaveBeenCalledWith(503);
  });
});

describe('problem details (RFC 9457), for an app whose errorFormat is problem', () => {
  class ProblemAppConfig extends PlatformConfig {}

  class OrderQuery {
    @IsInt()
    limit!: number;
  }

  @Controller('orders')
  class OrdersController {
    @Get('missing')
    missing(): never {
      throw new NotFoundError('Order', 'ord_9');
    }

    @Get('store-down')
    storeDown(): never {
      throw new FacetError('STATE_STORE_UNAVAILABLE', 'Orders cannot be read right now', 503);
    }

    @Get('busy')
    busy(@Res({ passthrough: true }) response: Response): never {
      response.setHeader('Retry-After', '30');
      throw new FacetError('BACKEND_UNAVAILABLE', 'A service is unavailable', 503);
    }

    @Get()
    list(@Query() query: OrderQuery): OrderQuery {
      return query;
    }
  }

  let app: INestApplication;

  beforeAll(async () => {
    @Module({
      imports: [
        PlatformModule.forRoot({ appName: 'problems', config: ProblemAppConfig, errorFormat: 'problem', env: { LOG_LEVEL: 'silent' } }),
      ],
      controllers: [OrdersController],
    })
    class ProblemAppModule {}
    app = (await Test.createTestingModule({ imports: [ProblemAppModule] }).compile()).createNestApplication();
    await app.init();
  });

  afterAll(() => app.close());

  it('renders a thrown FacetError as application/problem+json with a stable type URI per code', async () => {
    const res = await request(app.getHttpServer()).get('/orders/missing?secret=1').expect(404);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(res.text)).toEqual({
      type: 'urn:facet:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'Order ord_9 was not found',
      instance: '/orders/missing',
      code: 'NOT_FOUND',
      details: { order: 'ord_9' },
      requestId: res.headers['x-request-id'],
    });
  });

  it('renders validation failures and unknown routes the same way', async () => {
    const invalid = await request(app.getHttpServer()).get('/orders?limit=many').expect(400);
    expect(JSON.parse(invalid.text)).toMatchObject({ type: 'urn:facet:problem:validation-failed', status: 400, code: 'VALIDATION_FAILED' });
    const unknown = await request(app.getHttpServer()).get('/nowhere').expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(unknown.text)).toMatchObject({ type: 'urn:facet:problem:not-found', title: 'Not Found' });
  });

  it('tells a client when to retry after every 503, keeping the time a thrower chose', async () => {
    const down = await request(app.getHttpServer()).get('/orders/store-down').expect(503);
    expect(down.headers['retry-after']).toBe(String(DEFAULT_RETRY_AFTER_SECONDS));
    const busy = await request(app.getHttpServer()).get('/orders/busy').expect(503);
    expect(busy.headers['retry-after']).toBe('30');
    const missing = await request(app.getHttpServer()).get('/orders/missing').expect(404);
    expect(missing.headers['retry-after']).toBeUndefined();
  });

  it('maps a code to its type URI and a status to its title, with no instance when the path is not known', () => {
    expect(toProblemDetails(toErrorBody(new FacetError('UPSTREAM_TIMEOUT', 'slow', 504), 'r2'))).toEqual({
      type: 'urn:facet:problem:upstream-timeout',
      title: 'Gateway Timeout',
      status: 504,
      detail: 'slow',
      code: 'UPSTREAM_TIMEOUT',
      requestId: 'r2',
    });
  });
});
