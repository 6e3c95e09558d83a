import { constants } from 'node:zlib';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';
import type { Observable } from 'rxjs';

const NO_COMPRESSION = 'facetNoCompression';

export interface ResponseCompressionOptions {
  /** Bodies smaller than this go out as they are: below it, compression gains less than it costs (default 1 KiB). */
  thresholdBytes?: number;
  /** Brotli quality, 0–11 (default 4: most of the gain of higher levels at a fraction of their CPU). */
  brotliQuality?: number;
}

/** Marks the response before anything is written; compression decides when the headers go out. */
@Injectable()
class NoCompressionInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getResponse<Response>().locals[NO_COMPRESSION] = true;
    return next.handle();
  }
}

/** The route's answers are never compressed (e.g. a stream whose client reads it as it comes). */
export const NoCompression = (): ClassDecorator & MethodDecorator => UseInterceptors(NoCompressionInterceptor);

/**
 * Response compression with the `compression` package: br when the client accepts it, gzip otherwise, identity when
 * it asks for neither, `Vary: Accept-Encoding` always. Skipped for small bodies, event streams, responses already
 * encoded or marked `no-transform`, and `@NoCompression()` routes.
 */
export function responseCompression(options: ResponseCompressionOptions = {}): RequestHandler {
  return compression({
    threshold: options.thresholdBytes ?? 1024,
    brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: options.brotliQuality ?? 4 } },
    filter: (req: Request, res: Response) =>
      res.locals[NO_COMPRESSION] !== true &&
      !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') &&
      compression.filter(req, res),
  });
}
