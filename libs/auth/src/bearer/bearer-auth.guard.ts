import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequestContext } from '@facet/platform';
import type { Response } from 'express';
import { type PrincipalRequest, REQUIRED_SCOPES } from './bearer-auth.decorators';
import { isPublicRoute } from '../public-route';
import { BearerChallengeError, InsufficientScopeError, UnauthenticatedError } from './bearer-auth.errors';
import { BEARER_AUTH_OPTIONS, type BearerAuthOptions } from './bearer-auth.options';
import { principalOf } from './bearer-principal';
import { BearerTokenVerifier } from './bearer-token.verifier';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `Authorization: Bearer <token>` header, or an `UnauthenticatedError`. */
export function bearerTokenOf(header: string | undefined): string {
  if (!header) throw new UnauthenticatedError('A bearer access token is required', false);
  const match = BEARER.exec(header);
  if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <access token>"', true);
  return match[1];
}

/**
 * Lets a request through only with a valid access token holding the scopes the route asks for, and puts the
 * caller on the request for `@CurrentPrincipal()` and in the request context (the principal, and the token as
 * the subject token a downstream credential source exchanges). `@Public()` routes and the platform's health and metrics
 * routes (matched by route template, not raw path) are served without one. Meant to be global (`APP_GUARD`).
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: BearerTokenVerifier,
    @Inject(BEARER_AUTH_OPTIONS) private readonly options: BearerAuthOptions,
    private readonly context: RequestContext,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (isPublicRoute(this.reflector, context, this.options.publicPaths)) return true;
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<PrincipalRequest>();

    try {
      const principal = await this.verifier.verify(bearerTokenOf(request.headers.authorization));
      const required = [...(this.options.requiredScopes ?? []), ...this.reflector.getAllAndMerge<string[]>(REQUIRED_SCOPES, targets)];
      const missing = [...new Set(required)].filter((scope) => !principal.scopes.includes(scope));
      if (missing.length > 0) throw new InsufficientScopeError(missing);
      request.bearerPrincipal = principal;
      this.context.setPrincipal(principalOf(principal));
      // For a downstream credential source to exchange: the token's audience is this app, so it is never relayed.
      this.context.setSubjectToken(principal.token);
      return true;
    } catch (error) {
      if (error instanceof BearerChallengeError) {
        context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', error.challenge);
      }
      throw error;
    }
  }
}
