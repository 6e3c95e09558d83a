import { FacetError } from '@facet/platform';
import { DownstreamError, type DownstreamErrorInfo } from './downstream-error';

const base: Omit<DownstreamErrorInfo, 'kind'> = { service: 'orders', route: 'GET /orders/:id', durationMs: 12.345 };

describe('DownstreamError', () => {
  it('is a FacetError that says which service, route and kind, and how long it took', () => {
    const error = new DownstreamError({ ...base, kind: 'timeout', reason: 'after 300 ms' });
    expect(error).toBeInstanceOf(FacetError);
    expect(error).toMatchObject({
      service: 'orders',
      route: 'GET /orders/:id',
      kind: 'timeout',
      durationMs: 12.3,
      status: 504,
      code: 'DOWNSTREAM_TIMEOUT',
    });
    expect(error.message).toBe('orders GET /orders/:id did not answer in time: after 300 ms');
    expect(error.details).toEqual({ service: 'orders', kind: 'timeout' });
  });

  it('passes an upstream 404 on as 404 NOT_FOUND with the upstream message', () => {
    const error = new DownstreamError({
      ...base,
      kind: 'not-found',
      upstream: { status: 404, code: 'NOT_FOUND', message: 'Order o_1 was not found' },
    });
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'Order o_1 was not found', upstreamStatus: 404 });
  });

  it('keeps an upstream 400 field problems, and 409/422 codes', () => {
    const fields = [{ field: 'items.0.productId', problems: ['unknown product'] }];
    const invalid = new DownstreamError({
      ...base,
      kind: 'http-4xx',
      upstream: { status: 400, code: 'VALIDATION_FAILED', message: 'Invalid', details: { fields } },
    });
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', details: { fields } });
    const conflict = new DownstreamError({ ...base, kind: 'http-4xx', upstream: { status: 409, code: 'ORDER_NOT_CANCELLABLE' } });
    expect(conflict).toMatchObject({ status: 409, code: 'ORDER_NOT_CANCELLABLE', message: 'orders GET /orders/:id answered 409' });
    const reused = new DownstreamError({ ...base, kind: 'http-4xx', upstream: { status: 422, code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(reused).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('names a standard code when the upstream 4xx body has none', () => {
    expect(new DownstreamError({ ...base, kind: 'http-4xx', upstream: { status: 403 } }).code).toBe('FORBIDDEN');
    expect(new DownstreamError({ ...base, kind: 'http-4xx', upstream: { status: 418 } }).code).toBe('HTTP_418');
    expect(new DownstreamError({ ...base, kind: 'not-found' })).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it.each([
    ['refused', 503, 'DOWNSTREAM_UNAVAILABLE'],
    ['circuit-open', 503, 'DOWNSTREAM_CIRCUIT_OPEN'],
    ['bulkhead-full', 503, 'DOWNSTREAM_BUSY'],
    ['network', 502, 'DOWNSTREAM_FAILED'],
    ['invalid-response', 502, 'DOWNSTREAM_INVALID_RESPONSE'],
    ['credentials-rejected', 502, 'DOWNSTREAM_CREDENTIALS_REJECTED'],
    ['unauthenticated', 401, 'UNAUTHENTICATED'],
  ] as const)('renders %s as %i %s', (kind, status, code) => {
    expect(new DownstreamError({ ...base, kind })).toMatchObject({ status, code });
  });

  it('keeps an upstream 503 as 503 and turns any other 5xx into 502', () => {
    expect(new DownstreamError({ ...base, kind: 'http-5xx', upstream: { status: 503 } })).toMatchObject({
      status: 503,
      code: 'DOWNSTREAM_UNAVAILABLE',
    });
    const failed = new DownstreamError({ ...base, kind: 'http-5xx', upstream: { status: 500 } });
    expect(failed).toMatchObject({ status: 502, code: 'DOWNSTREAM_FAILED', message: 'orders GET /orders/:id failed with 500' });
  });

  it('keeps the cause for logs', () => {
    const cause = new Error('socket hang up');
    expect(new DownstreamError({ ...base, kind: 'network', cause }).cause).toBe(cause);
  });
});
