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

/** Errors thrown by body parsers and other express middleware carry `status`/`type` rather than being HttpExceptions. */
interface MiddlewareError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
  expose?: boolean;
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
        code: CODES_BY_STATUS[status] ?? `HTTP_${status}`,
        message: messageOf(exception),
        ...(details && { details }),
        requestId,
      },
    };
  }
  const middleware = exception as MiddlewareError | undefined;
  const status = middleware?.status ?? middleware?.statusCode;
  if (status && status >= 400 && status < 500 && middleware?.expose !== false) {
    const code =
      middleware?.type === 'entity.too.large'
        ? 'PAYLOAD_TOO_LARGE'
        : middleware?.type === 'entity.parse.failed'
          ? 'MALFORMED_BODY'
          : (CODES_BY_STATUS[status] ?? `HTTP_${status}`);
    return { error: { status, code, message: middleware?.message ?? 'Bad request', requestId } };
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
    if (body.error.status >= 500) {
      this.logger.error({ err: exception, path: request.url }, body.error.message);
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(body.error.status).json(body);
  }
}
