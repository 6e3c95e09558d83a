import { type ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { FacetError, NotFoundError } from './facet-error';
import { FacetExceptionFilter, toErrorBody } from './error.filter';
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
    const response = { headersSent: false, status: jest.fn().mockReturnThis(), json: jest.fn() };
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
