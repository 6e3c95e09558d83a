import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ActiveSession, type LoginResult, OidcProviderClient, SessionService, type SessionPrincipal } from '@facet/auth';
import { BadRequestError } from '@facet/platform';
import { WebBffConfig } from '../web-bff.config';
import type { LogoutView, UserView } from './auth.dto';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly sessions: SessionService,
    private readonly provider: OidcProviderClient,
    @Inject(WebBffConfig) private readonly config: WebBffConfig,
  ) {}

  /**
   * A fresh session id at every login (no fixation): any session the browser had is ended first. The callback
   * gets only what its cookie needs, not the session's tokens.
   */
  async startSession(login: LoginResult, previousSessionId: string | undefined): Promise<Pick<ActiveSession, 'id' | 'absoluteExpiresAt'>> {
    if (previousSessionId) await this.sessions.destroy(previousSessionId);
    const { id, absoluteExpiresAt } = await this.sessions.create(login);
    return { id, absoluteExpiresAt };
  }

  describe(session: SessionPrincipal): UserView {
    return {
      authenticated: true,
      user: { id: session.subject, name: session.profile.name, email: session.profile.email },
      session: {
        expiresAt: new Date(session.expiresAt).toISOString(),
        absoluteExpiresAt: new Date(session.absoluteExpiresAt).toISOString(),
      },
      logoutUrl: '/auth/logout',
    };
  }

  async logout(sessionId: string | undefined): Promise<LogoutView> {
    const postLogoutRedirectUri = `${this.config.WEB_BFF_URL}/`;
    if (!sessionId) return { postLogoutRedirectUri };
    const { ended } = await this.sessions.logout(sessionId);
    return { endSessionUrl: ended ? this.provider.endSessionUrl(postLogoutRedirectUri) : undefined, postLogoutRedirectUri };
  }

  async backchannelLogout(logoutToken: string): Promise<number> {
    let logout;
    try {
      logout = await this.provider.verifyLogoutToken(logoutToken);
    } catch (error) {
      // jose's reason goes to the log only: the caller learns that the token was refused, not which check failed.
      this.logger.warn(`refused a logout token: ${(error as Error).message}`);
      throw new BadRequestError('INVALID_LOGOUT_TOKEN', 'The logout token is invalid');
    }
    return this.sessions.endByProvider(logout);
  }
}
