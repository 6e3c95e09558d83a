import { type CanActivate, type ExecutionContext, Inject, Injectable, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequestContext } from '@facet/platform';
import type { Request, Response } from 'express';
import { REQUIRED_SCOPES } from '../bearer/bearer-auth.decorators';
import { BearerChallengeError, InsufficientScopeError, UnauthenticatedError } from '../bearer/bearer-auth.errors';
import { bearerTokenOf } from '../bearer/bearer-auth.guard';
import { BearerTokenVerifier } from '../bearer/bearer-token.verifier';
import { isPublicRoute } from '../public-route';
import { ApiKeyRegistry } from './api-key.registry';
import { PARTNER_AUTH_OPTIONS, type PartnerAuthOptions } from './partner-auth.options';
import { type PartnerCaller, partnerPrincipalOf } from './partner-caller';

export const API_KEY_HEADER = 'x-api-key';

interface PartnerRequest extends Request {
  partner?: PartnerCaller;
}

/**
 * Lets a partner in with either of its credentials: an API key (`X-Api-Key`) or an OAuth client-credentials
 * token for the partner API's audience (`Authorization: Bearer`), whose client is a known partner. Either way
 * the route's `@RequireScopes()` must be held, and the partner becomes the request's principal. A request with
 * both is refused: which one speaks for it would be a guess. Meant to be global (`APP_GUARD`).
 */
@Injectable()
export class PartnerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: BearerTokenVerifier,
    private readonly keys: ApiKeyRegistry,
    @Inject(PARTNER_AUTH_OPTIONS) private readonly options: PartnerAuthOptions,
    private readonly context: RequestContext,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (isPublicRoute(this.reflector, context, this.options.publicPaths)) return true;
    const request = context.switchToHttp().getRequest<PartnerRequest>();
    try {
      const caller = await this.authenticate(request);
      const required = this.reflector.getAllAndMerge<string[]>(REQUIRED_SCOPES, [context.getHandler(), context.getClass()]);
      const missing = [...new Set(required)].filter((scope) => !caller.scopes.includes(scope));
      if (missing.length > 0) throw new InsufficientScopeError(missing);
      request.partner = caller;
      this.context.setPrincipal(partnerPrincipalOf(caller));
      return true;
    } catch (error) {
      if (error instanceof BearerChallengeError) {
        context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', error.challenge);
      }
      throw error;
    }
  }

  private async authenticate(request: Request): Promise<PartnerCaller> {
    const apiKey = request.headers[API_KEY_HEADER];
    const authorization = request.headers.authorization;
    if (apiKey !== undefined && authorization !== undefined) {
      throw new UnauthenticatedError('Send an API key or an access token, not both', true);
    }
    if (apiKey !== undefined) {
      // Node joins a header sent twice with a comma, which no key contains: refused as malformed, like a list.
      const key = await this.keys.authenticate(Array.isArray(apiKey) ? apiKey.join(', ') : apiKey);
      return { partnerId: key.partnerId, scopes: key.scopes, via: 'api-key', credentialId: key.keyId, expiresAt: key.expiresAt };
    }
    if (authorization === undefined) {
      throw new UnauthenticatedError('An API key (X-Api-Key) or a client-credentials access token is required', false);
    }
    const token = await this.verifier.verify(bearerTokenOf(authorization));
    // Own properties only: a client named `constructor` or `__proto__` must not find something on the prototype.
    const clients = this.options.partnerClients;
    const partnerId = !token.isUser && Object.hasOwn(clients, token.clientId) ? clients[token.clientId] : undefined;
    if (partnerId === undefined) throw new UnauthenticatedError('The access token was not issued to a partner', true);
    const expiresAt = typeof token.claims.exp === 'number' ? token.claims.exp * 1000 : undefined;
    return { partnerId, scopes: token.scopes, via: 'client-credentials', credentialId: token.clientId, expiresAt };
  }
}

/** The partner calling a route behind the partner guard. */
export const CurrentPartner = createParamDecorator((_data: unknown, context: ExecutionContext): PartnerCaller => {
  const partner = context.switchToHttp().getRequest<PartnerRequest>().partner;
  if (!partner) throw new Error('@CurrentPartner() used on a route the partner guard does not protect');
  return partner;
});
