import type { DownstreamServiceName } from '@facet/downstream';

export interface AllowedRoute {
  method: string;
  service: DownstreamServiceName;
  /** Path template: literal segments and `:param` segments that match one safe id-like segment. */
  segments: string[];
}

const SAFE_SEGMENT = /^[A-Za-z0-9_.-]{1,128}$/;

/** Parses `GET products /categories, GET products /products/:id` (the PASSTHROUGH_ALLOWLIST setting). */
export function parseAllowlist(setting: string): AllowedRoute[] {
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [method, service, path] = entry.split(/\s+/);
      return { method: method.toUpperCase(), service: service as DownstreamServiceName, segments: path.split('/').filter(Boolean) };
    });
}

/**
 * True when the request matches an allowed route exactly. Each path segment is checked on its own, after
 * decoding, so `..`, encoded slashes and anything outside the template are refused.
 */
export function isAllowed(routes: readonly AllowedRoute[], method: string, service: string, rawPath: string): boolean {
  const segments = rawPath.split('/').filter(Boolean);
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return false;
  }
  if (decoded.some((segment) => !SAFE_SEGMENT.test(segment) || segment === '.' || segment === '..')) return false;
  return routes.some(
    (route) =>
      route.method === method.toUpperCase() &&
      route.service === service &&
      route.segments.length === decoded.length &&
      route.segments.every((part, i) => (part.startsWith(':') ? true : part === decoded[i])),
  );
}
