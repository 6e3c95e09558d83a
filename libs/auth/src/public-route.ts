import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Request } from 'express';

export const PUBLIC_ROUTE = 'facet:auth:public';

/** The platform's own routes (`/health/*`), matched by route template: served without credentials by every auth kind. */
export const DEFAULT_PUBLIC_PATHS = /^\/health(\/|$)/;

/**
 * Served without credentials (on a controller: all its routes). The one public-route convention of every auth kind:
 * each kit guard (session, bearer, and the partner kinds) lets these through and checks everything else.
 */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Whether a guard should let the request through unchecked: a `@Public()` handler or controller, or a platform path. */
export function isPublicRoute(reflector: Reflector, context: ExecutionContext, publicPaths: RegExp = DEFAULT_PUBLIC_PATHS): boolean {
  if (reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
  const request = context.switchToHttp().getRequest<Request>();
  const route = (request.route as { path?: string } | undefined)?.path;
  return route !== undefined && publicPaths.test(`${request.baseUrl}${route}`);
}
