import { type ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { BearerPrincipal } from './bearer-principal';

export const REQUIRED_SCOPES = 'facet:auth:scopes';

/** The request as the bearer guard leaves it. */
export interface PrincipalRequest extends Request {
  bearerPrincipal?: BearerPrincipal;
}

/** The token must hold every one of these scopes (on a controller and a route: both lists). */
export const RequireScopes = (...scopes: string[]): ClassDecorator & MethodDecorator => SetMetadata(REQUIRED_SCOPES, scopes);

/** The verified caller of a route behind the bearer guard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): BearerPrincipal => {
  const principal = context.switchToHttp().getRequest<PrincipalRequest>().bearerPrincipal;
  // Only a route without the guard (a public one) gets here without a principal: a programming error.
  if (!principal) throw new Error('@CurrentPrincipal() used on a route the bearer guard does not protect');
  return principal;
});
