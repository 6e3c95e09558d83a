import {
  BearerAuthGuard,
  BearerAuthModule,
  PartnerAuthGuard,
  PartnerAuthModule,
  RedisKeyValueStore,
  SessionAuthGuard,
  SessionCipher,
  WebSessionModule,
} from '@facet/auth';
import { DownstreamModule, type DownstreamModuleOptions, type ExchangedTokenStore, type UserIdentityOptions } from '@facet/downstream';
import {
  type ConfigClass,
  type ErrorFormat,
  PlatformModule,
  ReadinessRegistry,
  RedisThrottlerStorage,
  rotatedSecretsOf,
} from '@facet/platform';
import { type DynamicModule, type ExecutionContext, Inject, Module, type OnModuleDestroy, Optional, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { SignedCursorCodec } from '../cursor/signed-cursor';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { PartnerRateLimitGuard } from '../rate-limits/partner-rate-limit.guard';
import {
  RATE_LIMIT_CLASSES,
  type RateLimitClass,
  type RateLimits,
  parsePartnerRateLimits,
  parseRateLimits,
} from '../rate-limits/rate-limits';
import {
  type ApiBffConfig,
  type BearerBffConfig,
  type BffConfig,
  type PartnerBffConfig,
  type SessionBffConfig,
  partnerClientsOf,
} from './bff.config';

/** Session auth (the web): server-side login, a cookie, CSRF checks on `@BrowserApi()` routes. */
export interface SessionAuthKind<C extends SessionBffConfig> {
  kind: 'session';
  /** The origin browsers reach the BFF at: the login callback's and the only accepted Origin. */
  publicOrigin: (config: C) => string;
}

/** Bearer auth (native apps): tokens for the BFF's audience, scopes per route, exchanged for the backends. */
export interface BearerAuthKind {
  kind: 'bearer';
  /** Scopes every token must hold, on top of each route's `@RequireScopes()`. */
  requiredScopes?: string[];
}

/**
 * Partner auth (servers of third parties): an API key or a client-credentials token for the partner API, bound
 * to one partner; the backends are called with the BFF's own token.
 */
export interface PartnerAuthKind {
  kind: 'partner';
}

type AuthKindOf<C extends BffConfig> = C extends SessionBffConfig
  ? SessionAuthKind<C>
  : C extends PartnerBffConfig
    ? PartnerAuthKind
    : C extends BearerBffConfig
      ? BearerAuthKind
      : never;

export interface BffModuleOptions<C extends BffConfig> {
  /** Shown in every log line and in the start-up summary. */
  app: string;
  /** The app's config class: extends the base of its auth kind. */
  config: ConfigClass<C>;
  auth: AuthKindOf<C>;
  /** Error rendering: Facet's JSON error shape (default) or RFC 9457 problem details. */
  errors?: ErrorFormat;
  /** Environment to validate instead of `process.env` (tests). */
  env?: Record<string, string | undefined>;
}

/** The store of exchanged tokens that replicas share (Redis when STATE_STORE is `redis`); absent otherwise. */
const SHARED_TOKEN_STORE = Symbol('SHARED_TOKEN_STORE');

/** Opens and closes the Redis connection exchanged tokens are shared through, and reports it in readiness. */
@Module({})
class SharedTokenStoreModule implements OnModuleDestroy {
  constructor(@Optional() @Inject(SHARED_TOKEN_STORE) private readonly store: RedisKeyValueStore | undefined) {}

  static forConfig(config: ConfigClass<BearerBffConfig>): DynamicModule {
    return {
      module: SharedTokenStoreModule,
      providers: [
        {
          provide: SHARED_TOKEN_STORE,
          inject: [config, ReadinessRegistry],
          useFactory: (settings: BearerBffConfig, readiness: ReadinessRegistry): RedisKeyValueStore | undefined => {
            if (settings.STATE_STORE !== 'redis') return undefined;
            if (!settings.REDIS_URL) throw new Error('STATE_STORE=redis needs REDIS_URL');
            const store = new RedisKeyValueStore(settings.REDIS_URL, `${settings.REDIS_KEY_PREFIX}exchanged-token:`);
            readiness.register('state-store', () => store.ping());
            return store;
          },
        },
      ],
      exports: [SHARED_TOKEN_STORE],
    };
  }

  onModuleDestroy(): Promise<void> | undefined {
    return this.store?.close();
  }
}

/** The backend clients every BFF gets, configured from BffConfig; `user` calls carry the auth kind's credential. */
function downstreamOptions(config: BffConfig, userIdentity: UserIdentityOptions): DownstreamModuleOptions {
  const resilience = { timeoutMs: config.DOWNSTREAM_ATTEMPT_TIMEOUT_MS, totalTimeoutMs: config.DOWNSTREAM_DEADLINE_MS };
  return {
    services: {
      orders: { baseUrl: config.ORDER_SERVICE_URL, resilience },
      products: { baseUrl: config.PRODUCT_SERVICE_URL, resilience },
      users: { baseUrl: config.USER_SERVICE_URL, resilience },
    },
    userIdentity,
    transport: config.DOWNSTREAM_TRANSPORT,
    defaultIdentity: 'user',
    productCache:
      config.PRODUCT_CACHE_TTL_MS > 0
        ? {
            store: config.PRODUCT_CACHE_STORE,
            redisUrl: config.REDIS_URL,
            keyPrefix: `${config.REDIS_KEY_PREFIX}products:`,
            ttlMs: config.PRODUCT_CACHE_TTL_MS,
            staleWhileRevalidateMs: config.PRODUCT_CACHE_TTL_MS,
            staleIfErrorMs: config.PRODUCT_CACHE_STALE_IF_ERROR_MS,
            maxEntries: 5000,
          }
        : undefined,
    readiness: true,
  };
}

function sessionAuth<C extends SessionBffConfig>(config: ConfigClass<C>, auth: SessionAuthKind<C>): DynamicModule[] {
  const session = WebSessionModule.forRootAsync({
    inject: [config],
    useFactory: (settings: C) => ({
      issuer: settings.OIDC_ISSUER_URL,
      clientId: settings.OIDC_CLIENT_ID,
      clientSecret: settings.OIDC_CLIENT_SECRET,
      publicOrigin: auth.publicOrigin(settings),
      scopes: settings.OIDC_SCOPES.split(' '),
      resource: settings.BACKEND_AUDIENCE,
      idleTimeoutSeconds: settings.SESSION_IDLE_TIMEOUT_SECONDS,
      absoluteTimeoutSeconds: settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
      refreshSkewSeconds: settings.TOKEN_REFRESH_SKEW_SECONDS,
      store: settings.SESSION_STORE,
      redisUrl: settings.REDIS_URL,
      keyPrefix: `${settings.REDIS_KEY_PREFIX}session:`,
      encryptionSecret: settings.SESSION_ENCRYPTION_SECRET,
      previousEncryptionSecrets: rotatedSecretsOf(settings.SESSION_ENCRYPTION_SECRETS_PREVIOUS),
      maxSessionsPerUser: settings.SESSION_MAX_PER_USER,
      maxEntries: settings.SESSION_MAX_ENTRIES,
      discoveryTimeoutMs: settings.OIDC_DISCOVERY_TIMEOUT_MS,
    }),
  });
  // A browser's token is already meant for the backends (the login asked for their audience): relayed as it is.
  const downstream = DownstreamModule.forRootAsync({
    inject: [config],
    useFactory: (settings: C) => downstreamOptions(settings, { kind: 'relay' }),
  });
  return [session, downstream];
}

function bearerAuth(config: ConfigClass<BearerBffConfig>, auth: BearerAuthKind): DynamicModule[] {
  const bearer = BearerAuthModule.forRootAsync({
    inject: [config],
    useFactory: (settings: BearerBffConfig) => ({
      issuer: settings.OIDC_ISSUER_URL,
      audience: settings.BFF_AUDIENCE,
      requiredScopes: auth.requiredScopes,
    }),
  });
  const downstream = DownstreamModule.forRootAsync({
    imports: [SharedTokenStoreModule.forConfig(config)],
    inject: [config, SHARED_TOKEN_STORE],
    useFactory: (settings: BearerBffConfig, shared: ExchangedTokenStore | undefined) =>
      downstreamOptions(settings, {
        kind: 'exchange',
        issuer: settings.OIDC_ISSUER_URL,
        clientId: settings.OIDC_CLIENT_ID,
        clientSecret: settings.OIDC_CLIENT_SECRET,
        audience: settings.BACKEND_AUDIENCE,
        cache: shared && {
          shared: { store: shared, cipher: new SessionCipher(settings.STATE_ENCRYPTION_SECRET) },
        },
      }),
  });
  return [bearer, downstream];
}

function partnerAuth(config: ConfigClass<PartnerBffConfig>): DynamicModule[] {
  const partner = PartnerAuthModule.forRootAsync({
    inject: [config],
    useFactory: (settings: PartnerBffConfig) => ({
      issuer: settings.OIDC_ISSUER_URL,
      audience: settings.PARTNER_API_AUDIENCE,
      partnerClients: partnerClientsOf(settings.PARTNER_CLIENTS),
      keyStore: settings.STATE_STORE,
      redisUrl: settings.REDIS_URL,
      keyPrefix: `${settings.REDIS_KEY_PREFIX}api-keys:`,
    }),
  });
  // No partner credential ever goes downstream: every backend call carries the BFF's own token.
  const downstream = DownstreamModule.forRootAsync({
    inject: [config],
    useFactory: (settings: PartnerBffConfig): DownstreamModuleOptions => ({
      ...downstreamOptions(settings, { kind: 'relay' }),
      serviceIdentity: {
        issuer: settings.OIDC_ISSUER_URL,
        clientId: settings.OIDC_CLIENT_ID,
        clientSecret: settings.OIDC_CLIENT_SECRET,
        scope: settings.BACKEND_SCOPES,
        resource: settings.BACKEND_AUDIENCE,
      },
      defaultIdentity: 'service',
    }),
  });
  return [partner, downstream];
}

/** Where RATE_LIMITS leaves a class out. */
const DEFAULT_RATE_LIMITS: RateLimits = {
  read: { limit: 600, windowSeconds: 60 },
  write: { limit: 120, windowSeconds: 60 },
  export: { limit: 10, windowSeconds: 3600 },
};

/**
 * Per-partner budgets, one named throttler per route class, each partner's own limits where PARTNER_RATE_LIMITS
 * gives them; counted in Redis when REDIS_URL is set (every replica spends one budget), in process otherwise.
 */
function partnerRateLimits(config: ConfigClass<PartnerBffConfig>): DynamicModule {
  return ThrottlerModule.forRootAsync({
    inject: [config],
    useFactory: (settings: PartnerBffConfig): ThrottlerModuleOptions => {
      const everyone = parseRateLimits(settings.RATE_LIMITS, DEFAULT_RATE_LIMITS);
      const byPartner = parsePartnerRateLimits(settings.PARTNER_RATE_LIMITS);
      const limitOf = (context: ExecutionContext, rateClass: RateLimitClass) => {
        const partnerId = context.switchToHttp().getRequest<Request & { partner?: { partnerId: string } }>().partner?.partnerId;
        return (partnerId === undefined ? undefined : byPartner.get(partnerId)?.[rateClass]) ?? everyone[rateClass];
      };
      return {
        throttlers: RATE_LIMIT_CLASSES.map((rateClass) => ({
          name: rateClass,
          limit: (context) => limitOf(context, rateClass).limit,
          ttl: (context) => limitOf(context, rateClass).windowSeconds * 1000,
        })),
        storage: settings.REDIS_URL ? new RedisThrottlerStorage(settings.REDIS_URL, `${settings.REDIS_KEY_PREFIX}rate-limit:`) : undefined,
      };
    },
  });
}

/** What an API BFF's replicas share, from STATE_STORE: idempotency records (IdempotentRequests). */
function apiState(config: ConfigClass<ApiBffConfig>): DynamicModule {
  return IdempotencyModule.forRootAsync({
    inject: [config],
    useFactory: (settings: ApiBffConfig) => ({
      store: settings.STATE_STORE,
      redisUrl: settings.REDIS_URL,
      keyPrefix: `${settings.REDIS_KEY_PREFIX}idempotency:`,
    }),
  });
}

/** Every BFF's cursor codec (SignedCursorCodec), from CURSOR_SIGNING_SECRET and the secrets it replaced. */
@Module({})
class CursorModule {
  static forConfig(config: ConfigClass<BffConfig>): DynamicModule {
    return {
      module: CursorModule,
      providers: [
        {
          provide: SignedCursorCodec,
          inject: [config],
          useFactory: (settings: BffConfig) =>
            SignedCursorCodec.fromSecrets(settings.CURSOR_SIGNING_SECRET, rotatedSecretsOf(settings.CURSOR_SIGNING_SECRETS_PREVIOUS)),
        },
      ],
      exports: [SignedCursorCodec],
    };
  }
}

/**
 * What makes an app a BFF, in one import: the platform (validated config, logs, request context, errors, health,
 * metrics), the backend clients, the cursor codec, and one auth kind as the global guard (session, bearer or partner);
 * an API kind (bearer, partner) also gets the state its replicas share: idempotency records. Every route then needs a caller except
 * `@Public()` ones and the platform's health routes, whatever the kind.
 *
 *     BffModule.forRoot({ app: 'mobile-bff', config: MobileBffConfig, auth: { kind: 'bearer' } })
 *
 * The backend clients and the auth kind's services are global within the app: every screen module of a BFF
 * calls backends, and the kit builds the one instance of each.
 */
@Module({})
export class BffModule {
  static forRoot<C extends BffConfig>(options: BffModuleOptions<C>): DynamicModule {
    const auth = options.auth;
    const config = options.config as unknown as ConfigClass<never>;
    let modules: DynamicModule[];
    // Global guards run in the order given: authentication first, then what needs to know who called.
    let guards: Provider[];
    switch (auth.kind) {
      case 'session':
        modules = sessionAuth(config, auth);
        guards = [{ provide: APP_GUARD, useExisting: SessionAuthGuard }];
        break;
      case 'bearer':
        modules = [...bearerAuth(config, auth), apiState(config)];
        guards = [{ provide: APP_GUARD, useExisting: BearerAuthGuard }];
        break;
      case 'partner':
        modules = [...partnerAuth(config), apiState(config), partnerRateLimits(config)];
        guards = [
          { provide: APP_GUARD, useExisting: PartnerAuthGuard },
          { provide: APP_GUARD, useClass: PartnerRateLimitGuard },
        ];
        break;
    }
    return {
      module: BffModule,
      imports: [
        PlatformModule.forRoot({ appName: options.app, config: options.config, errorFormat: options.errors, env: options.env }),
        ...[...modules, CursorModule.forConfig(config)].map((module) => ({ ...module, global: true })),
      ],
      providers: guards,
    };
  }
}
