import { Module } from '@nestjs/common';
import { WebSessionModule } from '@facet/auth';
import { WebBffConfig } from '../web-bff.config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottling } from './login-throttling';

/** Login, logout and sessions for the browser: configuration of libs/auth's WebSessionModule from web-bff's config. */
export const WebSession = WebSessionModule.forRootAsync({
  inject: [WebBffConfig],
  useFactory: (config: WebBffConfig) => ({
    issuer: config.OIDC_ISSUER_URL,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    publicOrigin: config.WEB_BFF_URL,
    scopes: config.OIDC_SCOPES.split(' '),
    resource: config.BACKEND_AUDIENCE,
    idleTimeoutSeconds: config.SESSION_IDLE_TIMEOUT_SECONDS,
    absoluteTimeoutSeconds: config.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
    refreshSkewSeconds: config.TOKEN_REFRESH_SKEW_SECONDS,
    store: config.SESSION_STORE,
    redisUrl: config.REDIS_URL,
    keyPrefix: `${config.REDIS_KEY_PREFIX}session:`,
    encryptionSecret: config.SESSION_ENCRYPTION_SECRET,
    previousEncryptionSecrets: config.SESSION_ENCRYPTION_SECRETS_PREVIOUS?.split(',').filter(Boolean),
    maxSessionsPerUser: config.SESSION_MAX_PER_USER,
    maxEntries: config.SESSION_MAX_ENTRIES,
    discoveryTimeoutMs: config.OIDC_DISCOVERY_TIMEOUT_MS,
  }),
});

@Module({
  imports: [WebSession, LoginThrottling],
  controllers: [AuthController],
  providers: [AuthService],
  exports: [WebSession],
})
export class AuthModule {}
