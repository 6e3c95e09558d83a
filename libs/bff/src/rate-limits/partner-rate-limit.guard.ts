import { type ExecutionContext, Injectable } from '@nestjs/common';
import { FacetError } from '@facet/platform';
import { ThrottlerGuard, type ThrottlerRequest } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { RATE_LIMIT_CLASS, type RateLimitClass } from './rate-limits';

/** Beyond the partner's budget for this class of route: `429 RATE_LIMITED` with Retry-After. */
export class RateLimitedError extends FacetError {
  override readonly name = 'RateLimitedError';
  constructor(rateClass: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many ${rateClass} requests for this partner; retry in ${retryAfterSeconds} s`, 429, { retryAfterSeconds });
  }
}

interface ContextRequest extends Request {
  partner?: { partnerId: string };
}

/** The class of the route a request is for: as declared with `@RateLimitedAs()`, or by its method. */
export function rateClassOf(context: ExecutionContext, declared: RateLimitClass | undefined): RateLimitClass {
  if (declared) return declared;
  const method = context.switchToHttp().getRequest<Request>().method;
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

/**
 * @nestjs/throttler's guard, counting per partner (not per IP) and per route class, one named throttler per class.
 * It answers with the IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy` and
 * `RateLimit`) on every response and a 429 with Retry-After beyond the limit. It runs after the partner auth
 * guard (the kit registers them in that order); a route nobody authenticated for (`@Public()`) is not counted.
 */
@Injectable()
export class PartnerRateLimitGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(context.getType() !== 'http' || this.partnerOf(context) === undefined);
  }

  protected override async handleRequest({ context, limit, ttl, throttler, blockDuration }: ThrottlerRequest): Promise<boolean> {
    const rateClass = throttler.name ?? 'default';
    const declared = this.reflector.getAllAndOverride<RateLimitClass | undefined>(RATE_LIMIT_CLASS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (rateClassOf(context, declared) !== rateClass) return true;
    const partnerId = this.partnerOf(context)!;
    // One budget per partner and class, across every route of the class (the library's key would be per route).
    const key = `${rateClass}:${partnerId}`;
    const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = await this.storageService.increment(
      key,
      ttl,
      limit,
      blockDuration,
      rateClass,
    );
    const response = context.switchToHttp().getResponse<Response>();
    const windowSeconds = Math.ceil(ttl / 1000);
    response.setHeader('RateLimit-Policy', `"${rateClass}";q=${limit};w=${windowSeconds}`);
    const resetSeconds = Math.max(0, Math.ceil(isBlocked ? timeToBlockExpire : timeToExpire));
    response.setHeader('RateLimit', `"${rateClass}";r=${Math.max(0, limit - totalHits)};t=${resetSeconds}`);
    if (isBlocked) {
      response.setHeader('Retry-After', String(resetSeconds));
      throw new RateLimitedError(rateClass, resetSeconds);
    }
    return true;
  }

  private partnerOf(context: ExecutionContext): string | undefined {
    const request = context.switchToHttp().getRequest<ContextRequest>();
    return request.partner?.partnerId;
  }
}
