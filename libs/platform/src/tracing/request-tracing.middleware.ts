import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RequestContext } from '../context/request-context.service';
import { childTraceparent } from '../context/request-id';
import { Tracing, traceparentOf } from './tracing';

/**
 * The request's trace context, in the request context for its downstream calls: while tracing is on, a server span
 * named by its matched route (not the raw path, which holds ids) whose children the calls are; otherwise a new span
 * id in the caller's trace, so the services' logs still share the trace id.
 */
@Injectable()
export class RequestTracingMiddleware implements NestMiddleware {
  constructor(
    private readonly tracing: Tracing,
    private readonly context: RequestContext,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const traceparent = req.headers.traceparent;
    // No path: it holds ids (users, orders); the route template is added once routing has matched it.
    const span = this.tracing.startServerSpan(req.method, typeof traceparent === 'string' ? traceparent : undefined, {
      'http.request.method': req.method,
    });
    if (!span) {
      this.context.setTraceparent(childTraceparent(traceparent));
    } else {
      this.context.setSpan(span);
      this.context.setTraceparent(traceparentOf(span));
      res.once('close', () => {
        const route = (req.route as { path?: string } | undefined)?.path;
        const template = route ? `${req.baseUrl}${route}` : undefined;
        if (template) {
          span.setAttribute('http.route', template);
          span.updateName(`${req.method} ${template}`);
        }
        Tracing.end(span, {
          statusCode: res.statusCode,
          error: !res.writableFinished ? 'aborted' : res.statusCode >= 500 ? String(res.statusCode) : undefined,
        });
      });
    }
    next();
  }
}
