import type { Product } from '@facet/domain';
import { DownstreamError } from '@facet/downstream';
import { product } from './fixtures.spec-helper';
import { optionalPart, productsForPage } from './degradation';
import type { DegradedPart } from './views';

const outage = () => new DownstreamError({ service: 'products', kind: 'refused', route: 'GET /products', durationMs: 1 });
const notFound = () =>
  new DownstreamError({ service: 'products', kind: 'not-found', route: 'GET /products', durationMs: 1, upstream: { status: 404 } });

function client(answers: Record<string, Product | Error>, stale: string[] = []) {
  return {
    getProduct: (id: string) => (answers[id] instanceof Error ? Promise.reject(answers[id]) : Promise.resolve(answers[id])),
    servedStale: () => stale,
  };
}

describe('productsForPage', () => {
  it('returns every product when the service answers', async () => {
    const degraded: DegradedPart[] = [];
    const found = await productsForPage(client({ p_1: product('p_1'), p_2: product('p_2') }), ['p_1', 'p_2'], degraded);
    expect([...found.keys()]).toEqual(['p_1', 'p_2']);
    expect(degraded).toEqual([]);
  });

  it('keeps what could be had during an outage and says the rest is unavailable', async () => {
    const degraded: DegradedPart[] = [];
    const found = await productsForPage(client({ p_1: product('p_1'), p_2: outage() }, ['p_1']), ['p_1', 'p_2'], degraded);
    expect([...found.keys()]).toEqual(['p_1']);
    expect(degraded).toEqual([{ part: 'products', reason: 'unavailable' }]);
  });

  it('marks products served from the last known copy as stale', async () => {
    const degraded: DegradedPart[] = [];
    await productsForPage(client({ p_1: product('p_1') }, ['p_1']), ['p_1'], degraded);
    expect(degraded).toEqual([{ part: 'products', reason: 'stale' }]);
  });

  it('leaves out products that do not exist without calling the page degraded', async () => {
    const degraded: DegradedPart[] = [];
    const found = await productsForPage(client({ p_1: product('p_1'), p_9: notFound() }), ['p_1', 'p_9'], degraded);
    expect([...found.keys()]).toEqual(['p_1']);
    expect(degraded).toEqual([]);
  });

  it('lets errors that are not outages fail the request', async () => {
    await expect(productsForPage(client({ p_1: new TypeError('bug') }), ['p_1'], [])).rejects.toThrow(TypeError);
  });
});

describe('optionalPart', () => {
  it('names a part whose service is down and carries on', async () => {
    const degraded: DegradedPart[] = [];
    expect(await optionalPart('user', Promise.reject(outage()), degraded)).toBeUndefined();
    expect(degraded).toEqual([{ part: 'user', reason: 'unavailable' }]);
  });

  it('passes the backend answer on when it is not an outage', async () => {
    await expect(optionalPart('user', Promise.reject(notFound()), [])).rejects.toBeInstanceOf(DownstreamError);
  });
});
