export { BrowserApi, WebSessionModule } from './session/web-session.module';
export { CsrfGuard, CurrentSession, OidcLoginGuard, SessionGuard, sessionIdFrom, type SessionRequest } from './session/guards';
export { SessionService, type LoginResult } from './session/session.service';
export { OidcProviderClient, type ProviderMetadata } from './session/oidc-provider.client';
export { CsrfRejectedError, LoginFailedError, SessionRequiredError } from './session/session.errors';
export { SESSION_COOKIE, CALLBACK_PATH, type WebSessionOptions } from './session/web-session.options';
export { safeReturnTo } from './session/return-to';
export type { ActiveSession, WebSession } from './session/web-session';
