import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { BusinessRoutes } from './business-routes';
import { FaultInjector } from './fault-injector';
import { RequestStats } from './request-stats';

/** Counts and applies the faults to every request for a business route (SandboxModule binds it to those). */
@Injectable()
export class FaultInjectionMiddleware implements NestMiddleware {
  constructor(
    private readonly faults: FaultInjector,
    private readonly stats: RequestStats,
    private readonly routes: BusinessRoutes,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const path = `${req.baseUrl}${req.path}`;
    this.stats.record(req.method, this.routes.match(req.method, path) ?? path);
    if (await this.faults.apply(req, res)) next();
  }
}
