import { hash } from 'node:crypto';

/**
 * A strong entity tag of a representation's exact bytes, before any content coding: two bodies share a tag only
 * if they are byte for byte the same. SHA-1 is plenty here (a tag names a version, it protects nothing) and is the
 * cheapest one-shot digest Node offers; base64url keeps the header short.
 */
export function strongEntityTag(body: Buffer | string): string {
  return `"${hash('sha1', body, 'base64url')}"`;
}

/**
 * A weak entity tag of a JSON body, computed before content coding. Weak on purpose: the same content goes out as
 * br, gzip or identity bytes (and an intermediary may re-encode it), and a strong validator would have to differ for
 * each coding (RFC 9110 §8.8.1). `If-None-Match` compares weakly anyway, so revalidation works the same.
 */
export function weakEntityTag(body: Buffer | string): string {
  return `W/${strongEntityTag(body)}`;
}

/** The opaque part of an entity tag, for the weak comparison RFC 9110 §13.1.2 asks of `If-None-Match`. */
function opaque(tag: string): string | undefined {
  const match = /^(?:W\/)?("[\x21\x23-\x7e\x80-\xff]*")$/.exec(tag.trim());
  return match?.[1];
}

/**
 * Whether `If-None-Match` names the current representation (RFC 9110 §13.1.2): `*`, or a list holding a tag that is
 * weakly equal to `etag`. Malformed members never match, so a garbled header costs the client a full answer, nothing
 * more.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const current = opaque(etag);
  if (current === undefined) return false;
  return header.split(',').some((member) => opaque(member) === current);
}
