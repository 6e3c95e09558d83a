import { nextPageLink } from './next-link';

describe('nextPageLink', () => {
  it('keeps the filters given, drops absent ones, and encodes every value', () => {
    expect(nextPageLink('/v1/products', { cursor: 'k.a+b/c=', limit: 50, updated_since: undefined })).toBe(
      '</v1/products?cursor=k.a%2Bb%2Fc%3D&limit=50>; rel="next"',
    );
  });

  it('cannot be made to close the URI reference early', () => {
    expect(nextPageLink('/v1/orders', { status: 'paid>; rel="prev"' })).toBe('</v1/orders?status=paid%3E%3B+rel%3D%22prev%22>; rel="next"');
  });
});
