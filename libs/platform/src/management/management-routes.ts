import type { IncomingHttpHeaders } from 'node:http';
import { Injectable } from '@nestjs/common';

export type ManagementMethod = 'GET' | 'POST' | 'DELETE';

/** An operator's request on the management port, its JSON body already read and parsed. */
export interface ManagementRequest {
  method: ManagementMethod;
  /** The values of the route's `:name` segments. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; `undefined` when there was none. */
  body: unknown;
}

export interface ManagementAnswer {
  status: number;
  body?: unknown;
}

/**
 * An operator route an app adds to its management port (e.g. issuing partner API keys). Such routes are
 * reachable by whoever reaches the port, so each checks its own credential; throwing a FacetError answers
 * with its status and code.
 */
export interface ManagementRoute {
  method: ManagementMethod;
  /** `/admin/api-keys/:keyId`: literal segments and `:name` segments, which match one non-empty segment. */
  path: string;
  handle(request: ManagementRequest): Promise<ManagementAnswer> | ManagementAnswer;
}

interface CompiledRoute {
  route: ManagementRoute;
  segments: readonly string[];
}

export type RouteMatch =
  | { kind: 'found'; route: ManagementRoute; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: ManagementMethod[] }
  | { kind: 'none' };

const segmentsOf = (path: string): string[] => path.split('/').filter((segment) => segment.length > 0);

/** The operator routes apps registered, matched by method and path (literal segments and `:name` ones). */
@Injectable()
export class ManagementRoutes {
  private readonly routes: CompiledRoute[] = [];

  register(route: ManagementRoute): void {
    this.routes.push({ route, segments: segmentsOf(route.path) });
  }

  match(method: string, path: string): RouteMatch {
    const requested = segmentsOf(path);
    const allowed: ManagementMethod[] = [];
    for (const { route, segments } of this.routes) {
      const params = this.paramsOf(segments, requested);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
  }

  private paramsOf(pattern: readonly string[], requested: readonly string[]): Record<string, string> | undefined {
    if (pattern.length !== requested.length) return undefined;
    const params: Record<string, string> = {};
    for (const [index, segment] of pattern.entries()) {
      const value = requested[index];
      if (segment.startsWith(':')) {
        let decoded: string;
        try {
          decoded = decodeURIComponent(value);
        } catch {
          return undefined;
        }
        params[segment.slice(1)] = decoded;
      } else if (segment !== value) {
        return undefined;
      }
    }
    return params;
  }
}
