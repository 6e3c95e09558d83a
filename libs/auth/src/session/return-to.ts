const MAX_RETURN_TO_LENGTH = 2048;

function hasControlCharacters(value: string): boolean {
  return [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

/**
 * `/` alone, or `/` then a character that is neither `/` nor `\`: anything else in a Location header (`//host`,
 * `/\host`) is read by browsers as another host.
 */
function isLocalPath(value: string): boolean {
  return value === '/' || /^\/[^/\\]/.test(value);
}

/** The path, query and fragment a same-origin URL resolves to: what the browser is sent to. */
function resolvedPath(raw: string, base: URL): string | undefined {
  const resolved = new URL(raw, base);
  return resolved.origin === base.origin ? `${resolved.pathname}${resolved.search}${resolved.hash}` : undefined;
}

/**
 * Where to send the browser after login: only a same-origin relative path is accepted; anything else
 * (absolute URLs, protocol-relative `//host`, backslash tricks, control characters) falls back to `/`.
 *
 * The check applies to the input and again to its normalised form, which is what goes out: resolving dot
 * segments turns `/.//host` or `/%2e%2e//host` into `//host`. The normalised path must also resolve to itself,
 * so what the browser reads in the Location header is exactly what was checked.
 */
export function safeReturnTo(raw: unknown, origin: string): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_RETURN_TO_LENGTH) return '/';
  if (!isLocalPath(raw) || raw.includes('\\') || hasControlCharacters(raw)) return '/';
  try {
    const base = new URL(origin);
    const path = resolvedPath(raw, base);
    if (path === undefined || path.length > MAX_RETURN_TO_LENGTH || !isLocalPath(path)) return '/';
    return resolvedPath(path, base) === path ? path : '/';
  } catch {
    return '/';
  }
}
