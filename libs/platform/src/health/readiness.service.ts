import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { ReadinessRegistry } from './readiness.registry';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

export interface Readiness {
  ready: boolean;
  /** Each check's status and, when down, why: for the management port and the logs only (it names addresses). */
  detail: HealthCheckResult;
}

/**
 * Runs every registered readiness check (each within 2 s). A failed run is logged with each check's detail by
 * terminus (`Health Check has failed!`), so the public port can answer with a bare status.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly registry: ReadinessRegistry,
  ) {}

  async check(): Promise<Readiness> {
    try {
      return { ready: true, detail: await this.health.check(this.indicators()) };
    } catch (error) {
      if (error instanceof ServiceUnavailableException) return { ready: false, detail: error.getResponse() as HealthCheckResult };
      throw error;
    }
  }

  private indicators(): (() => Promise<HealthIndicatorResult>)[] {
    return this.registry.entries().map(([name, check]) => async (): Promise<HealthIndicatorResult> => {
      try {
        await withTimeout(check(), CHECK_TIMEOUT_MS);
        return { [name]: { status: 'up' } };
      } catch (error) {
        return { [name]: { status: 'down', message: (error as Error).message } };
      }
    });
  }
}
