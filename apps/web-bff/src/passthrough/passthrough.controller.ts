import { All, Body, Controller, Inject, Param, Req, Res } from '@nestjs/common';
import { BrowserApi } from '@facet/auth';
import { DownstreamPassThrough, type DownstreamServiceName, type HttpMethod } from '@facet/downstream';
import { FacetError } from '@facet/platform';
import type { Request, Response } from 'express';
import { WebBffConfig } from '../web-bff.config';
import { type AllowedRoute, forwardedQuery, matchRoute, parseAllowlist } from './allowlist';

// Case-insensitive like the routing that brought the request here.
const PREFIX = /^\/api\/proxy\/([^/?#]+)(\/[^?#]*)?(\?[^#]*)?$/i;

class RouteNotAllowedError extends FacetError {
  constructor(method: string, path: string) {
    super('ROUTE_NOT_ALLOWED', `${method} ${path} is not an allowed pass-through route`, 404);
  }
}

/**
 * `/api/proxy/<service>/<path>`: forwards allowlisted backend routes with the user's token attached. The path
 * is taken from the raw URL (before any decoding) and checked segment by segment; only the checked segments and
 * the route's allowlisted query parameters are forwarded; nothing else is reachable.
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
    const rawPath = match?.[2] ?? '/';
    const allowed = match ? matchRoute(this.routes, req.method, service, rawPath) : undefined;
    if (!match || !allowed) throw new RouteNotAllowedError(req.method, rawPath);
    const query = forwardedQuery(allowed.route, match[3]?.slice(1) ?? '');
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const response = await this.passThrough.passThrough(
      // An allowed route names a configured service, and the configuration only accepts downstream services.
      service as DownstreamServiceName,
      req.method as HttpMethod,
      allowed.path,
      query,
      hasBody ? body : undefined,
    );
    // The backend's status, not Nest's default for the method (201 for every POST).
    res.status(response.status);
    return response.body;
  }
}
