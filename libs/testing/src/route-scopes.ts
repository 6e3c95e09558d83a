import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, Reflector } from '@nestjs/core';
import { REQUIRED_SCOPES } from '@facet/auth';

/** A controller's or handler's path without its slashes (`@Get()` has `/`), so that joined paths have one between parts. */
const pathOf = (target: object): string =>
  ((Reflect.getMetadata(PATH_METADATA, target) as string | undefined) ?? '').replace(/^\/+|\/+$/g, '');

/**
 * The scopes `@RequireScopes()` asks of each route of these controllers (the controller's and the route's, read
 * the way BearerAuthGuard reads them), keyed `METHOD /path`: a service's scope policy as one table, so a spec
 * fails when a route is added, or loses its scope, without the table saying so.
 */
export function scopesByRoute(...controllers: Type[]): Record<string, string[]> {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const table: Record<string, string[]> = {};
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, (...args: never[]) => unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const path = `/${[pathOf(controller), pathOf(handler)].filter(Boolean).join('/')}`;
      table[`${RequestMethod[method]} ${path}`] = reflector.getAllAndMerge<string[]>(REQUIRED_SCOPES, [handler, controller]);
    }
  }
  return table;
}
