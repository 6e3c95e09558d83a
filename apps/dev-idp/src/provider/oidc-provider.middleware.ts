import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { Request, Response } from 'express';
import Provider from 'oidc-provider';

/** Hands a request to oidc-provider's own (Koa) app, which answers it completely: it never calls `next`. */
@Injectable()
export class OidcProviderMiddleware implements NestMiddleware {
  private readonly handle: ReturnType<Provider['callback']>;

  constructor(provider: Provider) {
    this.handle = provider.callback();
  }

  use(req: Request, res: Response): void {
    // Nest mounts middleware with `app.use(path)`, which moves the matched path from `req.url` to `req.baseUrl`.
    // The provider lives at the issuer's root: it routes on the full path and builds its URLs without a base.
    req.url = req.originalUrl;
    req.baseUrl = '';
    void this.handle(req, res);
  }
}
