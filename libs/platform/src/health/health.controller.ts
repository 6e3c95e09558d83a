import { Controller, Get } from '@nestjs/common';
import { FacetError } from '../errors/facet-error';
import { ReadinessService } from './readiness.service';

/** The app cannot serve traffic yet (or any more): which dependency and why is on the management port and in the logs. */
export class NotReadyError extends FacetError {
  override readonly name = 'NotReadyError';
  constructor() {
    super('NOT_READY', 'The service is not ready', 503);
  }
}

/**
 * The public port's health answers, for load balancers: a bare status, never a check's detail (it names
 * internal hosts and ports). The management port serves the detail (see ManagementServer).
 */
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** The process is up and its event loop turns. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Everything the app depends on answers: `200 {status: ok}`, or `503 NOT_READY`. */
  @Get('ready')
  async ready(): Promise<{ status: 'ok' }> {
    if (!(await this.readiness.check()).ready) throw new NotReadyError();
    return { status: 'ok' };
  }
}
