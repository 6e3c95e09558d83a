import { type BeforeApplicationShutdown, Injectable, Optional } from '@nestjs/common';
import { FacetError, ShutdownSignal } from '@facet/platform';
import type { Request, Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxConfig } from '../config/sandbox.config';
import { CORRUPT_BODIES, type ResponseBodyFault } from './response-body-fault';

/** The faults applied to every business request; `GET/PUT/DELETE /__admin/faults` reads and changes them. */
export interface Faults {
  latencyMs: number;
  jitterMs: number;
  errorRate: number;
  hang: boolean;
  /** What a business request is answered with: its own answer, or a 200 its caller cannot use. */
  responseBody: ResponseBodyFault;
}

export const NO_FAULTS: Readonly<Faults> = { latencyMs: 0, jitterMs: 0, errorRate: 0, hang: false, responseBody: 'intact' };

export class InjectedFaultError extends FacetError {
  override readonly name = 'InjectedFaultError';
  constructor() {
    super('INJECTED_FAULT', 'Fault injected by the sandbox', 503);
  }
}

/**
 * Holds the current faults (from the environment at start, then from the admin routes) and applies them to
 * a request: latency and jitter first, then a hang, or at the error rate an injected error, or a corrupt body.
 */
@Injectable()
export class FaultInjector implements BeforeApplicationShutdown {
  private current: Faults;
  /** Requests held by a hang, so shutdown can drop them instead of waiting for clients that never give up. */
  private readonly held = new Set<Request>();
  /** Cuts injected delays short at shutdown, so delayed requests finish instead of holding the process up. */
  private readonly shutdown = new AbortController();

  constructor(config: SandboxConfig, @Optional() shutdownSignal?: ShutdownSignal) {
    // Released as the app starts to drain, so the drain does not wait on what this holds on purpose.
    shutdownSignal?.signal.addEventListener('abort', () => this.release(), { once: true });
    this.current = {
      latencyMs: config.FAULT_LATENCY_MS,
      jitterMs: config.FAULT_JITTER_MS,
      errorRate: config.FAULT_ERROR_RATE,
      hang: config.FAULT_HANG,
      responseBody: config.FAULT_RESPONSE_BODY,
    };
  }

  get faults(): Faults {
    return { ...this.current };
  }

  update(changes: Partial<Faults>): Faults {
    const given = Object.entries(changes).filter(([, value]) => value !== undefined && value !== null);
    this.current = { ...this.current, ...(Object.fromEntries(given) as Partial<Faults>) };
    return this.faults;
  }

  reset(): Faults {
    this.current = { ...NO_FAULTS };
    return this.faults;
  }

  /** How many requests a hang holds right now (each is released when its client disconnects). */
  get heldCount(): number {
    return this.held.size;
  }

  /**
   * Resolves `true` when the request may go on, `false` when it is held and must never be answered or was
   * answered here with a corrupt body; rejects with `InjectedFaultError` for an injected error.
   */
  async apply(req: Request, res: Response): Promise<boolean> {
    const { latencyMs, jitterMs, errorRate, hang, responseBody } = this.current;
    const delayMs = latencyMs + (jitterMs > 0 ? Math.floor(Math.random() * (jitterMs + 1)) : 0);
    if (delayMs > 0) await sleep(delayMs, undefined, { signal: this.shutdown.signal }).catch(() => undefined);
    if (hang && !this.shutdown.signal.aborted) {
      this.hold(req, res);
      return false;
    }
    if (errorRate > 0 && Math.random() < errorRate) throw new InjectedFaultError();
    if (responseBody !== 'intact') {
      res.status(200).type('application/json').send(CORRUPT_BODIES[responseBody]);
      return false;
    }
    return true;
  }

  /** A held request is forgotten as soon as its client disconnects, so hangs leak nothing. */
  private hold(req: Request, res: Response): void {
    this.held.add(req);
    res.once('close', () => this.held.delete(req));
  }

  beforeApplicationShutdown(): void {
    this.release();
  }

  private release(): void {
    this.shutdown.abort();
    for (const req of this.held) req.socket.destroy();
    this.held.clear();
  }
}
