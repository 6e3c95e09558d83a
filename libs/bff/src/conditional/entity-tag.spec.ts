import { ifNoneMatchHits, strongEntityTag } from './entity-tag';

describe('strongEntityTag', () => {
  it('is a quoted, strong tag that changes with any byte of the body', () => {
    const tag = strongEntityTag('{"a":1}');
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(strongEntityTag(Buffer.from('{"a":1}'))).toBe(tag);
    expect(strongEntityTag('{"a":2}')).not.toBe(tag);
    expect(strongEntityTag('{"a":1} ')).not.toBe(tag);
  });
});

describe('ifNoneMatchHits', () => {
  const etag = strongEntityTag('body');

  it('matches the same tag, alone or in a list, weakly or strongly', () => {
    expect(ifNoneMatchHits(etag, etag)).toBe(true);
    expect(ifNoneMatchHits(`"other", ${etag}`, etag)).toBe(true);
    expect(ifNoneMatchHits(`W/${etag}`, etag)).toBe(true);
    expect(ifNoneMatchHits('*', etag)).toBe(true);
  });

  it('does not match an absent header, another tag, an unquoted or malformed one', () => {
    expect(ifNoneMatchHits(undefined, etag)).toBe(false);
    expect(ifNoneMatchHits('"other"', etag)).toBe(false);
    expect(ifNoneMatchHits(etag.slice(1, -1), etag)).toBe(false);
    expect(ifNoneMatchHits(`${etag}x`, etag)).toBe(false);
    expect(ifNoneMatchHits('', etag)).toBe(false);
    expect(ifNoneMatchHits('W/', etag)).toBe(false);
  });
});
