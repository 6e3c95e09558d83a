import { Injectable } from '@nestjs/common';
import { ReadinessRegistry } from '../health/readiness.registry';

/**
 * Raised when the app is told to stop (SIGTERM), before it drains its requests: the app reports itself not ready
 * (a load balancer stops sending it traffic), and whatever holds requests on purpose (the sandbox's injected hangs
 * and delays) lets them go, so the drain ends. Nest's own shutdown hooks run only after the drain.
 */
@Injectable()
export class ShutdownSignal {
  private readonly controller = new AbortController();

  constructor(readiness: ReadinessRegistry) {
    readiness.register('shutdown', () => (this.draining ? Promise.reject(new Error('shutting down')) : Promise.resolve()));
  }

  /** Aborts when the shutdown begins. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get draining(): boolean {
    return this.controller.signal.aborted;
  }

  begin(): void {
    this.controller.abort();
  }
}
