import type { DownstreamServiceName } from '@facet/downstream';
import { type FieldProblem, RequestValidationError } from '@facet/platform';

export interface AllowedRoute {
  method: string;
  service: DownstreamServiceName;
  /** Path template: literal segments and `:param` segments that match one safe id-like segment. */
  segments: string[];
  /** The query parameters this route forwards; a request naming any other is refused. */
  queryParameters: ReadonlySet<string>;
}

export interface RouteMatch {
  route: AllowedRoute;
  /** The path to forward: the checked segments, decoded and encoded again, never the raw text of the request. */
  path: string;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Parses `GET products /categories, GET products /products?q&category&limit` (the PASSTHROUGH_ALLOWLIST setting):
 * comma-separated `METHOD service /path`, each path segment literal or `:param`, then optionally `?` and the
 * query parameters the route forwards, separated by `&`.
 */
export function parseAllowlist(setting: string): AllowedRoute[] {
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [method, service, target] = entry.split(/\s+/);
      const [path, query = ''] = target.split('?');
      return {
        method: method.toUpperCase(),
        service: service as DownstreamServiceName,
        segments: path.split('/').filter(Boolean),
        queryParameters: new Set(query.split('&').filter(Boolean)),
      };
    });
}

/**
 * The allowed route a request matches exactly, and the path to forward. Each path segment is checked on its own,
 * after decoding, so `..`, encoded slashes and anything outside the template are refused.
 */
export function matchRoute(routes: readonly AllowedRoute[], method: string, service: string, rawPath: string): RouteMatch | undefined {
  let decoded: string[];
  try {
    decoded = rawPath
      .split('/')
      .filter(Boolean)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
  if (decoded.some((segment) => !SAFE_SEGMENT.test(segment) || segment === '.' || segment === '..')) return undefined;
  const route = routes.find(
    (candidate) =>
      candidate.method === method.toUpperCase() &&
      candidate.service === service &&
      candidate.segments.length === decoded.length &&
      candidate.segments.every((part, i) => (part.startsWith(':') ? true : part === decoded[i])),
  );
  return route && { route, path: `/${decoded.map((segment) => encodeURIComponent(segment)).join('/')}` };
}

/**
 * The query to forward: the route's own parameters, each given once. Any other parameter is refused with a 400
 * naming it, as every web-bff route refuses unknown parameters, rather than dropped: a page relying on a
 * parameter the allowlist lacks learns it at once instead of getting unfiltered results.
 */
export function forwardedQuery(route: AllowedRoute, rawQuery: string): Record<string, string> {
  const params = new URLSearchParams(rawQuery);
  const problems: FieldProblem[] = [];
  for (const name of new Set(params.keys())) {
    if (!route.queryParameters.has(name)) problems.push({ field: name, problems: [`property ${name} should not exist`] });
    else if (params.getAll(name).length > 1) problems.push({ field: name, problems: [`${name} must be given once`] });
  }
  if (problems.length > 0) throw new RequestValidationError(problems);
  return Object.fromEntries(params);
}
