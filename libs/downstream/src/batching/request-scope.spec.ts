import DataLoader from 'dataloader';
import { inRequest, requestContext } from '../../test-support/runtime';
import { RequestScope, chunk } from './request-scope';

describe('RequestScope', () => {
  const { context, cls } = requestContext();
  const scope = new RequestScope(context);
  const create = () => new DataLoader<string, string>((keys) => Promise.resolve(keys.map((k) => k.toUpperCase())));

  it('keeps one loader per key for the whole incoming request', () => {
    inRequest(cls, () => {
      const first = scope.loader('products:user', create);
      expect(scope.loader('products:user', create)).toBe(first);
      expect(scope.loader('products:service', create)).not.toBe(first);
    });
  });

  it('never shares a loader between requests', () => {
    const a = inRequest(cls, () => scope.loader('k', create));
    const b = inRequest(cls, () => scope.loader('k', create));
    expect(a).not.toBe(b);
  });

  it('gives each call its own loader outside a request', () => {
    expect(scope.loader('k', create)).not.toBe(scope.loader('k', create));
  });

  it('records stale ids per service and request', () => {
    inRequest(cls, () => {
      scope.markStale('products', ['p_1', 'p_2']);
      scope.markStale('products', ['p_2']);
      scope.markStale('products', []);
      expect(scope.stale('products')).toEqual(['p_1', 'p_2']);
      expect(scope.stale('users')).toEqual([]);
    });
    inRequest(cls, () => expect(scope.stale('products')).toEqual([]));
    scope.markStale('products', ['p_1']);
    expect(scope.stale('products')).toEqual([]);
  });
});

describe('chunk', () => {
  it('splits into pieces of at most the size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });
});
