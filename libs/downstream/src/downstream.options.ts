import type { ExchangedTokenStore, TokenCipher } from './identity/exchanged-token-store';
import { DOWNSTREAM_TRANSPORTS, type DownstreamTransport } from './transport/http-transport';

export const DOWNSTREAM_SERVICES = ['orders', 'products', 'users'] as const;
export type DownstreamServiceName = (typeof DOWNSTREAM_SERVICES)[number];

/** The most ids the backend contract accepts in one `?ids=` batch lookup. */
export const CONTRACT_MAX_BATCH = 100;

export interface ResilienceOptions {
  /** Budget for one attempt, in ms; the attempt is aborted (socket closed) when it runs out. */
  timeoutMs: number;
  /** Budget for the whole call including retries and backoff, in ms. */
  totalTimeoutMs: number;
  /** Idempotent reads only; writes are never retried. */
  retry: {
    /** Attempts in all (1 = no retry). */
    maxAttempts: number;
    initialDelayMs: number;
    maxDelayMs: number;
  };
  circuitBreaker: {
    /** Consecutive transient failures (timeout, refused, 5xx) that open the circuit. */
    consecutiveFailures: number;
    /** How long the circuit stays open before one probe call is let through (half-open). */
    halfOpenAfterMs: number;
  };
  bulkhead: {
    maxConcurrent: number;
    /** Calls that may wait for a slot; beyond that a call fails at once with `bulkhead-full`. */
    maxQueued: number;
  };
}

export interface ServiceOptions {
  /** e.g. `http://localhost:4002`; a path prefix is kept (`https://api.example.test/catalogue`). */
  baseUrl: string;
  /** Keep-alive sockets to this service, at most. */
  maxSockets?: number;
  /** Idle keep-alive sockets are closed after this long (keep it below the server's keep-alive timeout). */
  idleSocketTimeoutMs?: number;
  resilience?: DeepPartial<ResilienceOptions>;
}

export interface ServiceIdentityOptions {
  /** OpenID issuer; the token endpoint is read from its discovery document. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * The scopes the service's own calls need, space-separated (`products:read users:read`): a backend answers
   * `403 INSUFFICIENT_SCOPE` to a token without a route's scope, and a client-credentials token carries only
   * the scopes asked for. Ask for no more than the calls made with the `service` identity need.
   */
  scope: string;
  /** RFC 8707 resource indicator, for providers that pick the token audience from it. */
  resource?: string;
  /** A cached token is replaced this long before it expires. */
  refreshBeforeExpiryMs?: number;
  /** Budget for discovery and token requests. */
  timeoutMs?: number;
}

/**
 * Exchange the bearer token a caller presented to this app (RFC 8693) for a short-lived backend token naming the
 * same user, at the issuer's token endpoint (from discovery), as a confidential client with client_secret_post.
 */
export interface TokenExchangeOptions {
  kind: 'exchange';
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The backends' audience, sent as the `resource` (e.g. `urn:facet:backend`). */
  audience: string;
  /** Space-separated subset of the caller's scopes; absent: all of them. */
  scope?: string;
  /** An exchanged token is replaced this long before it expires (default 30 s; never before half its life). */
  refreshBeforeExpiryMs?: number;
  /** Budget for discovery and each exchange (default 5 s). */
  timeoutMs?: number;
  /**
   * Where exchanged tokens are kept: in process by default (`maxEntries`, default 10,000), or in a store the
   * app's replicas share (`shared`: e.g. Redis), sealed with `cipher` there.
   */
  cache?: { maxEntries?: number; shared?: { store: ExchangedTokenStore; cipher: TokenCipher }; keyPrefix?: string };
}

/**
 * Where the token of a `user` call comes from: relayed from the request context (a browser session's token,
 * already meant for the backends), or exchanged for the bearer token the caller presented.
 */
export type UserIdentityOptions = { kind: 'relay' } | TokenExchangeOptions;

export interface ProductCacheOptions {
  store: 'memory' | 'redis';
  /** Data younger than this is served without asking the product service. */
  ttlMs: number;
  /** After the TTL, data is still served for this long while one background call refreshes it. */
  staleWhileRevalidateMs: number;
  /** After the TTL, data is served (marked stale) for this long when the product service fails. */
  staleIfErrorMs: number;
  /** Bound of the in-process store. */
  maxEntries?: number;
  /** Redis URL for the `redis` store, e.g. `redis://127.0.0.1:6379/0`. */
  redisUrl?: string;
  /** Key prefix in Redis, so several apps or environments can share one server. */
  keyPrefix?: string;
}

/** Which credential a call presents to the backend. */
export type CallIdentity = 'user' | 'service' | { accessToken: string };

export interface DownstreamModuleOptions {
  services: Record<DownstreamServiceName, ServiceOptions>;
  /** Resilience defaults for every service; each service's own `resilience` overrides them. */
  resilience?: DeepPartial<ResilienceOptions>;
  /** The BFF's own client (client credentials); needed for the `service` identity. */
  serviceIdentity?: ServiceIdentityOptions;
  /** How `user` calls get the user's token (default: relayed from the request context). */
  userIdentity?: UserIdentityOptions;
  /** Identity used when a call does not choose one. */
  defaultIdentity?: 'user' | 'service';
  /** Ids per batch lookup (1–100, the contract's limit). */
  maxBatchSize?: number;
  /** Identical concurrent GETs (same URL and credential) share one downstream call. */
  coalesceGets?: boolean;
  /** Read-through product cache; off when absent. */
  productCache?: ProductCacheOptions;
  /** Registers each service (or the listed ones) as a readiness dependency of the app. */
  readiness?: boolean | readonly DownstreamServiceName[];
  /** The HTTP client every service is called through: undici (default, the cheaper one) or @nestjs/axios. */
  transport?: DownstreamTransport;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  timeoutMs: 2000,
  totalTimeoutMs: 5000,
  retry: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 1000 },
  circuitBreaker: { consecutiveFailures: 5, halfOpenAfterMs: 10_000 },
  bulkhead: { maxConcurrent: 64, maxQueued: 32 },
};

export interface ResolvedServiceOptions {
  baseUrl: URL;
  maxSockets: number;
  idleSocketTimeoutMs: number;
  resilience: ResilienceOptions;
}

export type ResolvedTokenExchangeOptions = Required<Omit<TokenExchangeOptions, 'scope' | 'cache'>> &
  Pick<TokenExchangeOptions, 'scope'> & {
    cache: { maxEntries: number; shared?: { store: ExchangedTokenStore; cipher: TokenCipher }; keyPrefix: string };
  };

export interface ResolvedDownstreamOptions {
  services: Record<DownstreamServiceName, ResolvedServiceOptions>;
  serviceIdentity?: Required<Omit<ServiceIdentityOptions, 'resource'>> & Pick<ServiceIdentityOptions, 'resource'>;
  userIdentity: { kind: 'relay' } | ResolvedTokenExchangeOptions;
  defaultIdentity: 'user' | 'service';
  maxBatchSize: number;
  coalesceGets: boolean;
  productCache?: Required<Omit<ProductCacheOptions, 'redisUrl'>> & Pick<ProductCacheOptions, 'redisUrl'>;
  readiness: readonly DownstreamServiceName[];
  transport: DownstreamTransport;
}

function merge<T extends object>(base: T, override: DeepPartial<T> | undefined): T {
  if (!override) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries<unknown>(override)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isObject(value) && isObject(current) ? merge(current, value) : value;
  }
  return out as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function positive(name: string, value: number, min = 1): number {
  if (!Number.isFinite(value) || value < min) throw new Error(`DownstreamModule: ${name} must be a number ≥ ${min}, got ${value}`);
  return value;
}

function checkResilience(service: string, r: ResilienceOptions): ResilienceOptions {
  positive(`${service}.timeoutMs`, r.timeoutMs);
  positive(`${service}.totalTimeoutMs`, r.totalTimeoutMs, r.timeoutMs);
  positive(`${service}.retry.maxAttempts`, r.retry.maxAttempts);
  positive(`${service}.retry.initialDelayMs`, r.retry.initialDelayMs, 0);
  positive(`${service}.retry.maxDelayMs`, r.retry.maxDelayMs, r.retry.initialDelayMs);
  positive(`${service}.circuitBreaker.consecutiveFailures`, r.circuitBreaker.consecutiveFailures);
  positive(`${service}.circuitBreaker.halfOpenAfterMs`, r.circuitBreaker.halfOpenAfterMs);
  positive(`${service}.bulkhead.maxConcurrent`, r.bulkhead.maxConcurrent);
  positive(`${service}.bulkhead.maxQueued`, r.bulkhead.maxQueued, 0);
  return r;
}

function baseUrl(service: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`DownstreamModule: ${service}.baseUrl is not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`DownstreamModule: ${service}.baseUrl must be http(s)`);
  if (url.search || url.hash || url.username)
    throw new Error(`DownstreamModule: ${service}.baseUrl must not carry a query, fragment or credentials`);
  // A trailing slash makes relative resolution keep the base path (`/catalogue/` + `products`).
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** Space-separated scope names (RFC 6749 §3.3), at least one. */
const SCOPE_LIST = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

function resolveUserIdentity(identity: UserIdentityOptions | undefined): ResolvedDownstreamOptions['userIdentity'] {
  if (!identity || identity.kind === 'relay') return { kind: 'relay' };
  for (const name of ['issuer', 'clientId', 'clientSecret', 'audience'] as const) {
    if (typeof identity[name] !== 'string' || !identity[name]) throw new Error(`DownstreamModule: userIdentity.${name} is missing`);
  }
  if (identity.scope !== undefined && !SCOPE_LIST.test(identity.scope)) {
    throw new Error(`DownstreamModule: userIdentity.scope must be space-separated scope names, got ${JSON.stringify(identity.scope)}`);
  }
  const cache = identity.cache ?? {};
  if (cache.shared && !(cache.shared.store && cache.shared.cipher)) {
    throw new Error('DownstreamModule: userIdentity.cache.shared needs a store and a cipher (tokens are sealed outside the process)');
  }
  return {
    ...identity,
    refreshBeforeExpiryMs: positive('userIdentity.refreshBeforeExpiryMs', identity.refreshBeforeExpiryMs ?? 30_000, 0),
    timeoutMs: positive('userIdentity.timeoutMs', identity.timeoutMs ?? 5000),
    cache: {
      maxEntries: positive('userIdentity.cache.maxEntries', cache.maxEntries ?? 10_000),
      shared: cache.shared,
      keyPrefix: cache.keyPrefix ?? 'facet:downstream:exchanged-token:',
    },
  };
}

/** Fills in defaults and checks every number once, at start-up, so a bad setting stops the app with its name. */
export function resolveOptions(options: DownstreamModuleOptions): ResolvedDownstreamOptions {
  const sharedResilience = merge(DEFAULT_RESILIENCE, options.resilience);
  const services = {} as Record<DownstreamServiceName, ResolvedServiceOptions>;
  for (const name of DOWNSTREAM_SERVICES) {
    const service = options.services?.[name];
    if (!service) throw new Error(`DownstreamModule: services.${name} is missing`);
    services[name] = {
      baseUrl: baseUrl(name, service.baseUrl),
      maxSockets: positive(`${name}.maxSockets`, service.maxSockets ?? 64),
      idleSocketTimeoutMs: positive(`${name}.idleSocketTimeoutMs`, service.idleSocketTimeoutMs ?? 4000),
      resilience: checkResilience(name, merge(sharedResilience, service.resilience)),
    };
  }
  const maxBatchSize = options.maxBatchSize ?? CONTRACT_MAX_BATCH;
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1 || maxBatchSize > CONTRACT_MAX_BATCH) {
    throw new Error(`DownstreamModule: maxBatchSize must be an integer from 1 to ${CONTRACT_MAX_BATCH}, got ${maxBatchSize}`);
  }
  const identity = options.serviceIdentity;
  const cache = options.productCache;
  if (cache?.store === 'redis' && !cache.redisUrl) throw new Error('DownstreamModule: productCache.redisUrl is needed for the redis store');
  if (options.defaultIdentity === 'service' && !identity)
    throw new Error('DownstreamModule: defaultIdentity "service" needs serviceIdentity');
  if (identity && !SCOPE_LIST.test(identity.scope ?? '')) {
    throw new Error(
      `DownstreamModule: serviceIdentity.scope must name the scopes the service's calls need, got ${JSON.stringify(identity.scope)}`,
    );
  }
  const userIdentity = resolveUserIdentity(options.userIdentity);
  const readiness = options.readiness === true ? DOWNSTREAM_SERVICES : options.readiness || [];
  const transport = options.transport ?? 'undici';
  if (!DOWNSTREAM_TRANSPORTS.includes(transport)) {
    throw new Error(`DownstreamModule: transport must be one of ${DOWNSTREAM_TRANSPORTS.join(', ')}, got ${JSON.stringify(transport)}`);
  }
  return {
    services,
    serviceIdentity: identity && {
      ...identity,
      refreshBeforeExpiryMs: identity.refreshBeforeExpiryMs ?? 30_000,
      timeoutMs: positive('serviceIdentity.timeoutMs', identity.timeoutMs ?? 5000),
    },
    userIdentity,
    defaultIdentity: options.defaultIdentity ?? 'user',
    maxBatchSize,
    coalesceGets: options.coalesceGets ?? true,
    productCache: cache && {
      ...cache,
      ttlMs: positive('productCache.ttlMs', cache.ttlMs),
      staleWhileRevalidateMs: positive('productCache.staleWhileRevalidateMs', cache.staleWhileRevalidateMs, 0),
      staleIfErrorMs: positive('productCache.staleIfErrorMs', cache.staleIfErrorMs, 0),
      maxEntries: positive('productCache.maxEntries', cache.maxEntries ?? 10_000),
      keyPrefix: cache.keyPrefix ?? 'facet:downstream:product:',
    },
    readiness,
    transport,
  };
}
