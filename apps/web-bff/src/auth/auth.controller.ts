import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  CsrfGuard,
  CurrentSession,
  type LoginResult,
  OidcLoginGuard,
  Public,
  SESSION_COOKIE,
  type SessionPrincipal,
  sessionIdFrom,
} from '@facet/auth';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { CookieOptions, Request, Response } from 'express';
import { AuthService } from './auth.service';
import { BackchannelLogoutDto, type LogoutView, type UserView } from './auth.dto';

/** One set for setting and clearing: the browser only overwrites (so clears) a `__Host-` cookie sent Secure with Path=/. */
const SESSION_COOKIE_OPTIONS: CookieOptions = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' };

/**
 * The browser's login, logout and "who am I" endpoints; tokens never appear in any of their responses. Only "who am I"
 * needs a session (the kit's global guard); logout works without one, so a stale cookie can always be cleared.
 */
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Sends the browser to the provider; `returnTo` must be a same-site path (anything else becomes `/`). */
  @Get('login')
  @Public()
  @UseGuards(ThrottlerGuard, OidcLoginGuard)
  login(): void {
    // OidcLoginGuard answers with the redirect.
  }

  @Get('callback')
  @Public()
  @UseGuards(ThrottlerGuard, OidcLoginGuard)
  async callback(@Req() req: Request & { user: LoginResult }, @Res() res: Response): Promise<void> {
    const session = await this.auth.startSession(req.user, sessionIdFrom(req));
    res.cookie(SESSION_COOKIE, session.id, { ...SESSION_COOKIE_OPTIONS, maxAge: session.absoluteExpiresAt - Date.now() });
    res.redirect(303, req.user.returnTo);
  }

  @Get('user')
  user(@CurrentSession() session: SessionPrincipal): UserView {
    return this.auth.describe(session);
  }

  /** Ends the session here, revokes the refresh token, and answers with the provider's end-session URL. */
  @Post('logout')
  @HttpCode(200)
  @Public()
  @UseGuards(CsrfGuard)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LogoutView> {
    const view = await this.auth.logout(sessionIdFrom(req));
    res.clearCookie(SESSION_COOKIE, SESSION_COOKIE_OPTIONS);
    return view;
  }

  /** OpenID Connect Back-Channel Logout: the provider, not the browser, calls this (so no CSRF header). */
  @Post('backchannel-logout')
  @HttpCode(200)
  @Public()
  async backchannelLogout(@Body() body: BackchannelLogoutDto): Promise<{ ended: number }> {
    return { ended: await this.auth.backchannelLogout(body.logout_token) };
  }
}
