import { BadRequestError } from '@facet/platform';

// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f]/;
// Encoded dot, slash and backslash (and an encoded percent, which would decode into one of them later).
const ENCODED_TRAVERSAL = /%(2e|2f|5c|25)/i;

function refuse(path: string, why: string): never {
  throw new BadRequestError('DOWNSTREAM_PATH_REFUSED', `Path ${JSON.stringify(path.slice(0, 200))} refused: ${why}`);
}

/**
 * Resolves a path against a service's base URL so that it can never leave it: absolute and protocol-relative
 * URLs, backslashes, `.`/`..` segments (plain or percent-encoded), queries, fragments and control characters
 * are refused before any URL parsing could reinterpret them, and the result is checked to still lie under
 * the base. Returns the resolved path (base path included), to be sent to the base URL's origin.
 */
export function resolveServicePath(base: URL, path: string): string {
  if (typeof path !== 'string' || path.length === 0) refuse(String(path), 'empty');
  if (!path.startsWith('/') || path.startsWith('//')) refuse(path, 'must be a path starting with a single /');
  if (path.includes('\\')) refuse(path, 'backslash');
  if (CONTROL_OR_SPACE.test(path)) refuse(path, 'control character or space');
  if (path.includes('?') || path.includes('#')) refuse(path, 'query and fragment are passed separately');
  if (ENCODED_TRAVERSAL.test(path)) refuse(path, 'encoded dot, slash or percent');
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) refuse(path, 'dot segment');
  const url = new URL(`.${path}`, base);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) refuse(path, 'leaves the service');
  return url.pathname;
}
