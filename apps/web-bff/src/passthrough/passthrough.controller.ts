import { All, Body, Controller, Inject, Param, Req, Res } from '@nestjs/common';
import { BrowserApi } from '@facet/auth';
import { DownstreamPassThrough, type DownstreamServiceName, type HttpMethod } from '@facet/downstream';
import { FacetError } from '@facet/platform';
import type { Request, Response } from 'express';
import { WebBffConfig } from '../web-bff.config';
import { type AllowedRoute, isAllowed, parseAllowlist } from './allowlist';

const PREFIX = /^\/api\/proxy\/([^/?#]+)(\/[^?#]*)?(\?[^#]*)?$/;

class RouteNotAllowedError extends FacetError {
  constructor(method: string, path: string) {
    super('ROUTE_NOT_ALLOWED', `${method} ${path} is not an allowed pass-through route`, 404);
  }
}

/**
 * `/api/proxy/<service>/<path>`: forwards allowlisted backend routes with the user's token attached. The path
 * is taken from the raw URL (before any decoding) and checked segment by segment; nothing else is reachable.
 */
@Controller('api/proxy')
@BrowserApi()
export class PassthroughController {
  private readonly routes: AllowedRoute[];

  constructor(
    private readonly passThrough: DownstreamPassThrough,
    @Inject(WebBffConfig) config: WebBffConfig,
  ) {
    this.routes = parseAllowlist(config.PASSTHROUGH_ALLOWLIST);
  }

  @All(':service/{*path}')
  async forward(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Param('service') service: string,
    @Body() body: unknown,
  ): Promise<unknown> {
    const match = PREFIX.exec(req.originalUrl);
    const path = match?.[2] ?? '/';
    if (!match || !isAllowed(this.routes, req.method, service, path)) throw new RouteNotAllowedError(req.method, path);
    const query = Object.fromEntries(new URLSearchParams(match[3] ?? ''));
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const response = await this.passThrough.passThrough(
      // An allowed route names a configured service, and the configuration only accepts downstream services.
      service as DownstreamServiceName,
      req.method as HttpMethod,
      path,
      query,
      hasBody ? body : undefined,
    );
    // The backend's status, not Nest's default for the method (201 for every POST).
    res.status(response.status);
    return response.body;
  }
}
