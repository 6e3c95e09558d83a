import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { isOutage } from '@facet/downstream';
import { FacetError } from '@facet/platform';
import type { Response } from 'express';
import { type Observable, catchError } from 'rxjs';

/** A backend that a complete answer needs is down: the client should retry, not take a partial answer. */
export class BackendUnavailableError extends FacetError {
  override readonly name = 'BackendUnavailableError';
  constructor(retryAfterSeconds: number, cause: unknown) {
    super('BACKEND_UNAVAILABLE', `A service this answer needs is unavailable; retry in ${retryAfterSeconds} s`, 503, { retryAfterSeconds });
    this.cause = cause;
  }
}

/**
 * Complete answers or none: a backend outage (timeout, refused, 5xx, open circuit, broken contract) becomes a
 * 503 with `Retry-After`, never a silently partial list. For APIs whose clients sync data (partners), where a
 * missing item would be read as a deleted one; screens for people degrade instead (AccountOverviewLoader).
 */
@Injectable()
export class CompleteAnswersInterceptor implements NestInterceptor {
  constructor(private readonly retryAfterSeconds: number) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!isOutage(error)) throw error;
        const response = context.switchToHttp().getResponse<Response>();
        if (!response.headersSent) response.setHeader('Retry-After', String(this.retryAfterSeconds));
        throw new BackendUnavailableError(this.retryAfterSeconds, error);
      }),
    );
  }
}
