export { WebSessionModule } from './session/web-session.module';
export {
  BrowserApi,
  CsrfGuard,
  CurrentSession,
  OidcLoginGuard,
  SessionAuthGuard,
  SessionGuard,
  sessionIdFrom,
  type SessionRequest,
} from './session/guards';
export { DEFAULT_PUBLIC_PATHS, PUBLIC_ROUTE, Public, isPublicRoute } from './public-route';
export { SessionService, type LoginResult } from './session/session.service';
export { OidcProviderClient } from './session/oidc-provider.client';
export { type ProviderMetadata } from './oidc/discovery';
export {
  CsrfRejectedError,
  IdentityProviderUnavailableError,
  LoginFailedError,
  SessionRequiredError,
  SessionStoreUnavailableError,
} from './session/session.errors';
export { SESSION_COOKIE, LOGIN_BINDING_COOKIE, CALLBACK_PATH, type WebSessionOptions } from './session/web-session.options';
export { safeReturnTo } from './session/return-to';
export type { ActiveSession, SessionPrincipal, WebSession } from './session/web-session';
export { BearerAuthModule } from './bearer/bearer-auth.module';
export { BearerAuthGuard, bearerTokenOf } from './bearer/bearer-auth.guard';
export { BearerTokenVerifier } from './bearer/bearer-token.verifier';
export { CurrentPrincipal, REQUIRED_SCOPES, RequireScopes, type PrincipalRequest } from './bearer/bearer-auth.decorators';
export { InsufficientScopeError, TokenVerificationUnavailableError, UnauthenticatedError } from './bearer/bearer-auth.errors';
export { BEARER_AUTH_OPTIONS, type BearerAuthOptions } from './bearer/bearer-auth.options';
export { principalOf, type BearerPrincipal } from './bearer/bearer-principal';
export { SessionCipher } from './session/session-cipher';
export { RedisKeyValueStore } from './session/redis.store';
export { MemoryKeyValueStore } from './session/memory.store';
export type { KeyValueStore } from './session/key-value.store';
export { PartnerAuthModule } from './partner/partner-auth.module';
export { API_KEY_HEADER, CurrentPartner, PartnerAuthGuard } from './partner/partner-auth.guard';
export { PARTNER_AUTH_OPTIONS, type PartnerAuthOptions } from './partner/partner-auth.options';
export type { PartnerCaller } from './partner/partner-caller';
export { API_KEY_FORMAT, KEY_ID_FORMAT } from './partner/api-key';
export {
  ApiKeyRegistry,
  ApiKeyStoreUnavailableError,
  type ApiKeyDescription,
  type AuthenticatedKey,
  type IssueApiKey,
  type IssuedApiKey,
} from './partner/api-key.registry';
