/**
 * The `Link` header (RFC 8288) for a listing's next page: the same path and filters with the new cursor. The
 * target is relative, resolved by the client against the URL it called, so no Host header is ever trusted.
 */
export function nextPageLink(path: string, params: Readonly<Record<string, string | number | undefined>>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, String(value));
  return `<${path}?${query.toString()}>; rel="next"`;
}
