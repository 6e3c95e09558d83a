import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequestContext } from '@facet/platform';
import { AuthGuard, type AuthGuardAuthenticateOptions } from '@nestjs/passport';
import type { Request } from 'express';
import { randomBytes } from 'node:crypto';
import { cookieFrom } from './cookies';
import { LoginFailedError, CsrfRejectedError, SessionRequiredError } from './session.errors';
import { loginFailureOf } from './login-failure';
import { SessionService } from './session.service';
import { safeReturnTo } from './return-to';
import { isPublicRoute } from '../public-route';
import { type SessionPrincipal, sessionPrincipalOf } from './web-session';
import type { LoginAuthenticateOptions } from './oidc.strategy';
import { SESSION_COOKIE, WEB_SESSION_OPTIONS, type WebSessionOptions } from './web-session.options';

/** The request as SessionGuard leaves it: the principal only, never the session's tokens. */
export type SessionRequest = Request & { sessionPrincipal?: SessionPrincipal };

export function sessionIdFrom(req: Request): string | undefined {
  return cookieFrom(req, SESSION_COOKIE);
}

/** Starts a login (redirect to the provider) or completes one (the callback); never creates a passport session. */
@Injectable()
export class OidcLoginGuard extends AuthGuard('oidc') {
  private readonly logger = new Logger(OidcLoginGuard.name);

  constructor(@Inject(WEB_SESSION_OPTIONS) private readonly options: WebSessionOptions) {
    super();
  }

  override getAuthenticateOptions(context: ExecutionContext): AuthGuardAuthenticateOptions {
    const req = context.switchToHttp().getRequest<Request>();
    const returnTo = safeReturnTo((req.query as Record<string, unknown>).returnTo, this.options.publicOrigin);
    const options: LoginAuthenticateOptions = { session: false, state: { returnTo, codeVerifier: randomBytes(32).toString('base64url') } };
    // passport types `state` as a string; passport-openidconnect passes any value through to the state store.
    return options as unknown as AuthGuardAuthenticateOptions;
  }

  /** The client gets a fixed text naming the reason; what the provider, jose or the store said goes to the log. */
  override handleRequest<TUser>(err: unknown, user: TUser | false, info: unknown, context: ExecutionContext): TUser {
    if (!err && user) return user;
    const { query } = context.switchToHttp().getRequest<Request>();
    const { error, detail } = loginFailureOf(err, info, (query as Record<string, unknown>).error);
    this.logger.warn(`login failed (${error instanceof LoginFailedError ? error.reason : error.code}): ${detail}`);
    throw error;
  }
}

/**
 * `/api/*` and state-changing `/auth/*` calls must carry `X-CSRF: 1`, a header a cross-site page cannot send
 * without a CORS preflight (which the BFF never grants), and any Origin they send must be the BFF's own.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  private readonly origin: string;

  constructor(@Inject(WEB_SESSION_OPTIONS) options: WebSessionOptions) {
    this.origin = new URL(options.publicOrigin).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.headers['x-csrf'] !== '1') throw new CsrfRejectedError('The X-CSRF: 1 header is required');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== this.origin) throw new CsrfRejectedError(`Origin ${origin} is not allowed`);
    return true;
  }
}

/**
 * Requires a live session: resolves the cookie, refreshes the access token when due and puts it in the
 * request context for downstream calls; handlers get the token-free principal. Anonymous or ended sessions get
 * 401 JSON, never a redirect.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionService,
    private readonly context: RequestContext,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<SessionRequest>();
    const id = sessionIdFrom(req);
    const session = await this.sessions.resolve(id);
    if (!session) throw new SessionRequiredError(id ? 'expired' : 'missing');
    const accessToken = await this.sessions.freshAccessToken(session);
    this.context.setUserAccessToken(accessToken);
    req.sessionPrincipal = sessionPrincipalOf(session);
    this.context.setPrincipal({ kind: 'session', subject: session.subject, scopes: [], expiresAt: session.expiresAt });
    return true;
  }
}

const BROWSER_API = 'facet:auth:browser-api';

/** A browser API route (on a controller: all its routes): the CSRF header and Origin are checked before the session. */
export const BrowserApi = (): MethodDecorator & ClassDecorator => SetMetadata(BROWSER_API, true);

/**
 * The session auth kind's global guard (`APP_GUARD`, registered by the BFF kit): every route needs a live session
 * except `@Public()` ones and the platform's health routes; `@BrowserApi()` routes pass the CSRF check first, so a
 * cross-site request is refused as such whether or not it carries a session.
 */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly csrf: CsrfGuard,
    private readonly sessions: SessionGuard,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    if (context.getType() !== 'http' || isPublicRoute(this.reflector, context)) return true;
    if (this.reflector.getAllAndOverride<boolean | undefined>(BROWSER_API, [context.getHandler(), context.getClass()])) {
      this.csrf.canActivate(context);
    }
    return this.sessions.canActivate(context);
  }
}

/** Who the session a SessionGuard admitted belongs to, and until when (never its tokens). */
export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): SessionPrincipal => {
  const principal = context.switchToHttp().getRequest<SessionRequest>().sessionPrincipal;
  if (!principal) throw new SessionRequiredError();
  return principal;
});
