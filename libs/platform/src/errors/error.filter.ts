import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FacetError, type ErrorBody } from './facet-error';

const CODES_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  502: 'BAD_GATEWAY',
  503: 'UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Structured bodies that libraries put in HttpExceptions (e.g. terminus health results) are kept as details. */
function detailsOf(exception: HttpException): Record<string, unknown> | undefined {
  const response = exception.getResponse();
  if (typeof response !== 'object' || response === null) return undefined;
  const { statusCode: _status, message: _message, error: _error, ...rest } = response as Record<string, unknown>;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** The platform adapter turns a body parser's JSON SyntaxError into a 400 whose cause is that error. */
function codeOf(exception: HttpException, status: number): string {
  if (status === 400 && exception.cause instanceof SyntaxError) return 'MALFORMED_BODY';
  return CODES_BY_STATUS[status] ?? `HTTP_${status}`;
}

export function toErrorBody(exception: unknown, requestId?: string): ErrorBody {
  if (exception instanceof FacetError) {
    return { error: { status: exception.status, code: exception.code, message: exception.message, details: exception.details, requestId } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const details = detailsOf(exception);
    return {
      error: {
        status,
        code: codeOf(exception, status),
        message: messageOf(exception),
        ...(details && { details }),
        requestId,
      },
    };
  }
  return { error: { status: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL', message: 'Internal error', requestId } };
}

/** Renders every error, thrown anywhere, as the one JSON error shape; only unexpected errors are logged as errors. */
@Catch()
export class FacetExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const body = toErrorBody(exception, typeof request.id === 'string' ? request.id : undefined);
    // Without the query string, as in request logs: it can hold secrets (authorization codes).
    const path = request.url.split('?')[0];
    if (exception instanceof FacetError && body.error.status > 500) {
      // A dependency that is down or slow, thrown on purpose and named by its code: a warning with its cause, not a
      // stack trace per request while the outage lasts.
      const cause = exception.cause instanceof Error ? exception.cause.message : undefined;
      this.logger.warn({ code: body.error.code, cause, path }, body.error.message);
    } else if (body.error.status >= 500) {
      this.logger.error({ err: exception, path }, body.error.message);
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(body.error.status).json(body);
  }
}
