import { SetMetadata } from '@nestjs/common';

/** What a route is, for its partner's budget: reads, writes, and whole-slice exports, each counted apart. */
export const RATE_LIMIT_CLASSES = ['read', 'write', 'export'] as const;
export type RateLimitClass = (typeof RATE_LIMIT_CLASSES)[number];

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export type RateLimits = Record<RateLimitClass, RateLimit>;

export const RATE_LIMIT_CLASS = 'facet:rate-limit-class';

/** The route's class when its method does not say it (GET is a read, anything else a write): e.g. `export`. */
export const RateLimitedAs = (rateClass: RateLimitClass): MethodDecorator & ClassDecorator => SetMetadata(RATE_LIMIT_CLASS, rateClass);

const CLASS = RATE_LIMIT_CLASSES.join('|');
/** `read=600/60`: 600 requests per 60 s. */
export const RATE_LIMIT_ITEM = new RegExp(`^(${CLASS})=([1-9]\\d{0,6})/([1-9]\\d{0,5})$`);
/** `acme:read=1200/60`: a partner's own limit for a class. */
export const PARTNER_RATE_LIMIT_ITEM = new RegExp(`^([a-z][a-z0-9-]{1,39}):(${CLASS})=([1-9]\\d{0,6})/([1-9]\\d{0,5})$`);

const items = (setting: string | undefined): string[] =>
  (setting ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/** `read=600/60,write=60/60`: each class's limit; a class left out keeps its default. */
export function parseRateLimits(setting: string, defaults: RateLimits): RateLimits {
  const limits = { ...defaults };
  for (const item of items(setting)) {
    const [, rateClass, limit, window] = RATE_LIMIT_ITEM.exec(item) ?? [];
    if (!rateClass) throw new Error(`rate limit "${item}" is not <class>=<requests>/<seconds>`);
    limits[rateClass as RateLimitClass] = { limit: Number(limit), windowSeconds: Number(window) };
  }
  return limits;
}

/** `acme:read=1200/60,globex:write=10/60`: partners whose limits differ from everyone's. */
export function parsePartnerRateLimits(setting: string | undefined): Map<string, Partial<RateLimits>> {
  const byPartner = new Map<string, Partial<RateLimits>>();
  for (const item of items(setting)) {
    const [, partner, rateClass, limit, window] = PARTNER_RATE_LIMIT_ITEM.exec(item) ?? [];
    if (!partner) throw new Error(`partner rate limit "${item}" is not <partner>:<class>=<requests>/<seconds>`);
    byPartner.set(partner, { ...byPartner.get(partner), [rateClass]: { limit: Number(limit), windowSeconds: Number(window) } });
  }
  return byPartner;
}
