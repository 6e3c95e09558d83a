import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@facet/platform';
import { CsrfGuard, OidcLoginGuard, SessionAuthGuard, SessionGuard } from './guards';
import { KEY_VALUE_STORE, type KeyValueStore } from './key-value.store';
import { LoginStateStore } from './login-state.store';
import { discoverProvider } from '../oidc/discovery';
import { OidcProviderClient, PROVIDER_METADATA } from './oidc-provider.client';
import { OidcStrategy } from './oidc.strategy';
import { SessionCipher } from './session-cipher';
import { createPendingLoginStore, createSessionStore } from './session-stores';
import { SessionService } from './session.service';
import { ConfigurableWebSessionModule, WEB_SESSION_OPTIONS, type WebSessionOptions } from './web-session.options';

/**
 * Server-side OpenID Connect login and sessions for a browser-facing BFF (the token-handler pattern): the
 * provider's tokens stay in the session store, the browser gets one HTTP-only cookie.
 */
@Module({
  providers: [
    {
      provide: PROVIDER_METADATA,
      inject: [WEB_SESSION_OPTIONS],
      useFactory: (options: WebSessionOptions) => discoverProvider(options.issuer, options.discoveryTimeoutMs),
    },
    { provide: KEY_VALUE_STORE, inject: [WEB_SESSION_OPTIONS], useFactory: createSessionStore },
    {
      provide: LoginStateStore,
      inject: [KEY_VALUE_STORE, WEB_SESSION_OPTIONS],
      useFactory: (store: KeyValueStore, options: WebSessionOptions) =>
        new LoginStateStore(
          createPendingLoginStore(store, options),
          new SessionCipher(options.encryptionSecret, options.previousEncryptionSecrets),
        ),
    },
    OidcProviderClient,
    SessionService,
    OidcStrategy,
    OidcLoginGuard,
    CsrfGuard,
    SessionGuard,
    SessionAuthGuard,
  ],
  exports: [SessionService, OidcProviderClient, OidcLoginGuard, CsrfGuard, SessionGuard, SessionAuthGuard, WEB_SESSION_OPTIONS],
})
export class WebSessionModule extends ConfigurableWebSessionModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    @Inject(KEY_VALUE_STORE) private readonly store: KeyValueStore,
    private readonly provider: OidcProviderClient,
    private readonly readiness: ReadinessRegistry,
  ) {
    super();
  }

  onModuleInit(): void {
    this.readiness.register('session-store', () => this.store.ping());
    this.readiness.register('identity-provider', async () => {
      const res = await fetch(this.provider.metadata.jwks_uri, { signal: AbortSignal.timeout(1500) });
      if (!res.ok) throw new Error(`JWKS answered ${res.status}`);
    });
  }

  onModuleDestroy(): Promise<void> {
    return this.store.close();
  }
}
