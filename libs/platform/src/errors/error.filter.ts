import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Inject, Logger, Optional } from '@nestjs/common';
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

/** How an app renders errors: Facet's JSON error shape, or RFC 9457 problem details (`application/problem+json`). */
export type ErrorFormat = 'json' | 'problem';

export const ERROR_FORMAT = Symbol('ERROR_FORMAT');

/** Where every problem type URI starts; a code's URI never changes, so clients may branch on it. */
export const PROBLEM_TYPE_PREFIX = 'urn:facet:problem:';

/** RFC 9457 problem details: the standard members, then Facet's (`code`, `requestId`, `details`) as extensions. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  requestId?: string;
  details?: unknown;
}

/** `VALIDATION_FAILED` → `urn:facet:problem:validation-failed`. */
export function problemTypeOf(code: string): string {
  return `${PROBLEM_TYPE_PREFIX}${code.toLowerCase().replace(/_/g, '-')}`;
}

const TITLES_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function toProblemDetails({ error }: ErrorBody, instance?: string): ProblemDetails {
  return {
    type: problemTypeOf(error.code),
    title: TITLES_BY_STATUS[error.status] ?? `HTTP ${error.status}`,
    status: error.status,
    detail: error.message,
    ...(instance !== undefined && { instance }),
    code: error.code,
    ...(error.details !== undefined && { details: error.details }),
    requestId: error.requestId,
  };
}

/**
 * How long a client is told to wait after a 503 that names no time of its own (a store or identity provider that
 * is down): a retry soon enough to notice the recovery, late enough not to hammer a dependency coming back.
 */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * Renders every error, thrown anywhere, in the app's one error format (JSON error shape by default, or problem
 * details); only unexpected errors are logged as errors.
 */
@Catch()
export class FacetExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() @Inject(ERROR_FORMAT) private readonly format: ErrorFormat = 'json') {}

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
    // RFC 9110: a 503 says when to come back. Whoever threw it may already have (CompleteAnswersInterceptor).
    if (body.error.status === 503 && !response.hasHeader('Retry-After')) {
      response.setHeader('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
    }
    if (this.format === 'problem') {
      response
        .status(body.error.status)
        .type('application/problem+json')
        .send(JSON.stringify(toProblemDetails(body, path)));
    } else {
      response.status(body.error.status).json(body);
    }
  }
}
