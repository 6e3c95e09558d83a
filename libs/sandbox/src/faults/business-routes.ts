import { Injectable, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** Routes that are not business routes: the platform's health and metrics, and the sandbox's own admin. */
const NOT_BUSINESS = /^\/?(health|metrics|__admin)(\/|$)/;

function pathsOf(target: object): (string | undefined)[] {
  return [Reflect.getMetadata(PATH_METADATA, target) as string | string[] | undefined].flat();
}

interface RouteTemplate {
  /** `GET`, or `ALL` for a route that serves every method. */
  method: string;
  template: string;
  pattern: RegExp;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function joinPath(...parts: string[]): string {
  const path = `/${parts.join('/')}`.replace(/\/{2,}/g, '/');
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

/** Only plain `:param` segments are understood; a route using other syntax (wildcards, optional parts) is left out. */
function compile(template: string): RegExp | undefined {
  const segments = template.split('/').slice(1);
  if (segments.some((segment) => /[*{}()?]/.test(segment) || (segment.includes(':') && !/^:\w+$/.test(segment)))) return undefined;
  const body = segments.map((segment) => (segment.startsWith(':') ? '[^/]+' : escapeRegExp(segment))).join('/');
  // Express matches paths without regard to case or a trailing slash.
  return new RegExp(`^/${body}/?$`, 'i');
}

/**
 * The app's business controllers (all but health, metrics and admin) and their route templates, in the order
 * Nest registers their handlers, so the first match for a request is the route that will serve it
 * (`/orders/stats` before `/orders/:id`). Express knows the template only once it reaches the handler; the
 * fault middleware needs it before, for the stats. Global prefixes and versioning are not taken into account
 * (the reference services use neither).
 */
@Injectable()
export class BusinessRoutes {
  private known?: { controllers: Type[]; routes: RouteTemplate[] };

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  controllers(): Type[] {
    return this.discover().controllers;
  }

  /** The template of the route that serves this request, or undefined. */
  match(method: string, path: string): string | undefined {
    const wanted = method === 'HEAD' ? ['HEAD', 'GET', 'ALL'] : [method, 'ALL'];
    return this.discover().routes.find((route) => wanted.includes(route.method) && route.pattern.test(path))?.template;
  }

  private discover(): { controllers: Type[]; routes: RouteTemplate[] } {
    if (this.known) return this.known;
    const controllers = this.discovery
      .getControllers()
      .map((wrapper) => wrapper.metatype as Type | null)
      .filter((controller): controller is Type => !!controller && !pathsOf(controller).some((path) => path && NOT_BUSINESS.test(path)));
    this.known = { controllers, routes: controllers.flatMap((controller) => this.routesOf(controller)) };
    return this.known;
  }

  private routesOf(controller: Type): RouteTemplate[] {
    const routes: RouteTemplate[] = [];
    const prototype = controller.prototype as Record<string, object>;
    for (const name of this.scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      for (const controllerPath of pathsOf(controller)) {
        for (const handlerPath of pathsOf(handler)) {
          const template = joinPath(controllerPath ?? '', handlerPath ?? '');
          const pattern = compile(template);
          if (pattern) routes.push({ method: RequestMethod[method], template, pattern });
        }
      }
    }
    return routes;
  }
}
