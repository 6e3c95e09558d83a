import {
  BrokenCircuitError,
  BulkheadRejectedError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  decorrelatedJitterGenerator,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IDefaultPolicyContext,
  type IPolicy,
} from 'cockatiel';
import { TRANSIENT_KINDS, type DownstreamErrorKind, type UpstreamError } from '../errors/downstream-error';
import type { ResilienceOptions } from '../downstream.options';

/** How one attempt failed, before the policies decide what to do about it. */
export class AttemptFailure extends Error {
  override readonly name = 'AttemptFailure';

  constructor(
    readonly kind: DownstreamErrorKind,
    readonly upstream?: UpstreamError,
    readonly reason?: string,
    cause?: unknown,
  ) {
    super(reason ?? kind, { cause });
  }
}

/** A timeout (from the attempt's or the call's budget) or a failure that says the service is struggling. */
export function isTransientFailure(error: unknown): boolean {
  return error instanceof TaskCancelledError || (error instanceof AttemptFailure && TRANSIENT_KINDS.has(error.kind));
}

/** The kind of error a policy produced, or undefined when it is not one of theirs. */
export function policyFailureKind(error: unknown): DownstreamErrorKind | undefined {
  if (error instanceof TaskCancelledError) return 'timeout';
  if (error instanceof BrokenCircuitError) return 'circuit-open';
  if (error instanceof BulkheadRejectedError) return 'bulkhead-full';
  return undefined;
}

export interface ServicePolicies {
  /** Idempotent reads: call deadline → retries with jittered backoff → circuit → bulkhead → attempt timeout. */
  read: IPolicy<IDefaultPolicyContext>;
  /** Writes: the same without retries, so a POST reaches the service at most once. */
  write: IPolicy<IDefaultPolicyContext>;
  breaker: CircuitBreakerPolicy;
}

/**
 * One set of policies per service. The circuit sits inside the retries so each attempt counts and an open
 * circuit ends the retries at once; the bulkhead sits inside the circuit so an open circuit fails fast
 * without queueing; the attempt timeout is innermost so it bounds only the network call.
 */
export function buildPolicies(options: ResilienceOptions): ServicePolicies {
  const transient = handleWhen(isTransientFailure);
  // Aggressive: a timed-out call is abandoned at once and its socket aborted. Signals are not aborted after a
  // call has returned (abortOnReturn: false): nothing listens then, and each abort costs a DOMException.
  const attemptTimeout = timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  const callDeadline = timeout(options.totalTimeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  const limiter = bulkhead(options.bulkhead.maxConcurrent, options.bulkhead.maxQueued);
  const breaker = circuitBreaker(transient, {
    halfOpenAfter: options.circuitBreaker.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.circuitBreaker.consecutiveFailures),
  });
  const retries = retry(transient, {
    maxAttempts: options.retry.maxAttempts - 1,
    backoff: new ExponentialBackoff({
      generator: decorrelatedJitterGenerator,
      initialDelay: options.retry.initialDelayMs,
      maxDelay: options.retry.maxDelayMs,
    }),
  });
  return {
    read: wrap(callDeadline, retries, breaker, limiter, attemptTimeout),
    write: wrap(breaker, limiter, attemptTimeout),
    breaker,
  };
}
