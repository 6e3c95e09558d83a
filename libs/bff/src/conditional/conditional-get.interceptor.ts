import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata, StreamableFile } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { type Observable, map } from 'rxjs';
import { ifNoneMatchHits, weakEntityTag } from './entity-tag';

const CACHE_POLICY = 'facet:bff:cache-policy';
const NO_ENTITY_TAG = 'facet:bff:no-entity-tag';

/** How long a client may reuse an answer without asking again, or `no-store` for answers that must not be kept. */
export type CachePolicy = { maxAgeSeconds: number } | 'no-store';

/** The route's caching, instead of the interceptor's default (on a controller: all its routes). */
export const Caching = (policy: CachePolicy): ClassDecorator & MethodDecorator => SetMetadata(CACHE_POLICY, policy);

/** The route's answers get no ETag (so never a 304): e.g. one that is hashed at a cost and rarely revalidated. */
export const NoEntityTag = (): ClassDecorator & MethodDecorator => SetMetadata(NO_ENTITY_TAG, true);

/** A screen answer that names missing parts: never confirmed by a 304, never kept by a cache. */
function isDegraded(body: object): boolean {
  const degraded = (body as { degraded?: unknown }).degraded;
  return Array.isArray(degraded) && degraded.length > 0;
}

function cacheControl(policy: CachePolicy): string {
  if (policy === 'no-store') return 'no-store';
  // Per-user data: only the client's own cache may keep it. Zero still lets it keep the answer to revalidate.
  return policy.maxAgeSeconds > 0 ? `private, max-age=${policy.maxAgeSeconds}` : 'private, no-cache';
}

/**
 * Conditional GET for JSON screens. A GET's object answer is serialized once here, tagged with a weak ETag of those
 * bytes, and given the route's Cache-Control; Express then answers a matching `If-None-Match` with 304 and no body
 * (its `res.send` does so when the request is fresh, which this decides). A degraded answer gets `no-store` and no tag. Other
 * methods, errors, streams and non-object answers pass through untouched (never hashed or buffered).
 */
@Injectable()
export class ConditionalGetInterceptor implements NestInterceptor {
  /**
   * @param varyOn request headers that choose whose answer it is (`Authorization` for a bearer app): a client cache
   *   shared by two accounts on one device must not give one the other's screen.
   */
  constructor(
    private readonly reflector: Reflector,
    private readonly defaultPolicy: CachePolicy,
    private readonly varyOn: readonly string[] = [],
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (context.getType() !== 'http' || (request.method !== 'GET' && request.method !== 'HEAD')) return next.handle();
    const targets = [context.getHandler(), context.getClass()];
    const policy = this.reflector.getAllAndOverride<CachePolicy | undefined>(CACHE_POLICY, targets) ?? this.defaultPolicy;
    const tagged = this.reflector.getAllAndOverride<boolean | undefined>(NO_ENTITY_TAG, targets) !== true;
    const response = context.switchToHttp().getResponse<Response>();
    // Express's res.send answers 304 whenever `req.fresh`, and its own test holds `If-None-Match: *` fresh even for
    // an answer with no tag (a degraded one). Here only a matching tag makes a request fresh: see below.
    Object.defineProperty(request, 'fresh', { value: false, configurable: true });
    return next.handle().pipe(
      map((body: unknown) => {
        if (body === null || typeof body !== 'object' || body instanceof StreamableFile || Buffer.isBuffer(body)) return body;
        if (isDegraded(body)) {
          response.setHeader('Cache-Control', 'no-store');
          return body;
        }
        response.setHeader('Cache-Control', cacheControl(policy));
        for (const header of this.varyOn) response.vary(header);
        if (!tagged || policy === 'no-store') return body;
        const json = JSON.stringify(body);
        const tag = weakEntityTag(json);
        response.setHeader('ETag', tag);
        response.type('application/json');
        // Express's own test also refuses any request carrying `Cache-Control: no-cache` (fetch adds it to every
        // conditional request). That directive asks caches to revalidate with the origin, which is what this is:
        // the origin decides by the RFC 9110 comparison alone.
        Object.defineProperty(request, 'fresh', { value: ifNoneMatchHits(request.headers['if-none-match'], tag), configurable: true });
        return json;
      }),
    );
  }
}

/**
 * `Cache-Control: no-store` on every answer unless a route says otherwise (the interceptor, for screens): errors,
 * auth challenges and writes are one user's and must not be kept by any cache.
 */
export function noStoreByDefault(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
