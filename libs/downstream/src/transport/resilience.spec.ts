import { BrokenCircuitError, BulkheadRejectedError, CircuitState, TaskCancelledError } from 'cockatiel';
import { DEFAULT_RESILIENCE, type ResilienceOptions } from '../downstream.options';
import { AttemptFailure, buildPolicies, isTransientFailure, policyFailureKind } from './resilience';

const options = (overrides: Partial<ResilienceOptions> = {}): ResilienceOptions => ({
  ...DEFAULT_RESILIENCE,
  timeoutMs: 200,
  totalTimeoutMs: 2000,
  retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
  circuitBreaker: { consecutiveFailures: 3, halfOpenAfterMs: 100 },
  bulkhead: { maxConcurrent: 2, maxQueued: 1 },
  ...overrides,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fail = (kind: AttemptFailure['kind']) => () => Promise.reject(new AttemptFailure(kind));

describe('service policies', () => {
  it('retries a read on transient failures, up to the attempts allowed', async () => {
    const { read } = buildPolicies(options());
    let attempts = 0;
    const result = await read.execute(() => (++attempts < 3 ? Promise.reject(new AttemptFailure('http-5xx')) : Promise.resolve('ok')));
    expect(result).toBe('ok');
    expect(attempts).toBe(3);
  });

  it('gives up after the last attempt with the last failure', async () => {
    const { read } = buildPolicies(options());
    let attempts = 0;
    await expect(read.execute(() => (attempts++, Promise.reject(new AttemptFailure('refused'))))).rejects.toMatchObject({
      kind: 'refused',
    });
    expect(attempts).toBe(3);
  });

  it.each(['http-4xx', 'not-found', 'invalid-response', 'credentials-rejected'] as const)('does not retry %s', async (kind) => {
    const { read } = buildPolicies(options());
    let attempts = 0;
    await expect(read.execute(() => (attempts++, fail(kind)()))).rejects.toMatchObject({ kind });
    expect(attempts).toBe(1);
  });

  it('never retries a write', async () => {
    const { write } = buildPolicies(options());
    let attempts = 0;
    await expect(write.execute(() => (attempts++, fail('http-5xx')()))).rejects.toMatchObject({ kind: 'http-5xx' });
    expect(attempts).toBe(1);
  });

  it('times an attempt out, aborting its signal', async () => {
    const { write } = buildPolicies(options({ timeoutMs: 20 }));
    let signal: AbortSignal | undefined;
    const hang = (context: { signal: AbortSignal }) => {
      signal = context.signal;
      return new Promise<never>(() => undefined);
    };
    await expect(write.execute(hang)).rejects.toBeInstanceOf(TaskCancelledError);
    expect(signal?.aborted).toBe(true);
  });

  it('bounds a read with retries by the call budget', async () => {
    const { read } = buildPolicies(
      options({ timeoutMs: 50, totalTimeoutMs: 80, retry: { maxAttempts: 10, initialDelayMs: 1, maxDelayMs: 1 } }),
    );
    let attempts = 0;
    const hang = () => (attempts++, new Promise<never>(() => undefined));
    await expect(read.execute(hang)).rejects.toBeInstanceOf(TaskCancelledError);
    expect(attempts).toBeLessThanOrEqual(2);
  });

  it('opens the circuit after consecutive transient failures, then fails without calling', async () => {
    const { write, breaker } = buildPolicies(options());
    for (let i = 0; i < 3; i++) await expect(write.execute(fail('timeout'))).rejects.toBeInstanceOf(AttemptFailure);
    expect(breaker.state).toBe(CircuitState.Open);
    let called = false;
    await expect(write.execute(() => ((called = true), Promise.resolve(1)))).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(called).toBe(false);
  });

  it('does not count answers (4xx) towards the circuit', async () => {
    const { write, breaker } = buildPolicies(options());
    for (let i = 0; i < 5; i++) await expect(write.execute(fail('http-4xx'))).rejects.toBeInstanceOf(AttemptFailure);
    expect(breaker.state).toBe(CircuitState.Closed);
  });

  it('lets one probe through after the interval and closes when it succeeds', async () => {
    const { read, breaker } = buildPolicies(options({ retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 } }));
    for (let i = 0; i < 3; i++) await expect(read.execute(fail('http-5xx'))).rejects.toBeInstanceOf(AttemptFailure);
    expect(breaker.state).toBe(CircuitState.Open);
    await sleep(120);
    expect(await read.execute(() => Promise.resolve('back'))).toBe('back');
    expect(breaker.state).toBe(CircuitState.Closed);
  });

  it('stops retrying once the circuit opens mid-call', async () => {
    const { read, breaker } = buildPolicies(options({ retry: { maxAttempts: 10, initialDelayMs: 1, maxDelayMs: 1 } }));
    let attempts = 0;
    await expect(read.execute(() => (attempts++, fail('http-5xx')()))).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(attempts).toBe(3);
    expect(breaker.state).toBe(CircuitState.Open);
  });

  it('limits concurrency and queue, rejecting the rest at once', async () => {
    const { write } = buildPolicies(options());
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = () => gate.then(() => 'done');
    const running = [write.execute(slow), write.execute(slow), write.execute(slow)];
    await expect(write.execute(slow)).rejects.toBeInstanceOf(BulkheadRejectedError);
    release();
    expect(await Promise.all(running)).toEqual(['done', 'done', 'done']);
  });
});

describe('failure classification', () => {
  it('treats timeouts and struggling-service failures as transient', () => {
    expect(isTransientFailure(new TaskCancelledError())).toBe(true);
    expect(isTransientFailure(new AttemptFailure('network'))).toBe(true);
    expect(isTransientFailure(new AttemptFailure('http-4xx'))).toBe(false);
    expect(isTransientFailure(new Error('bug'))).toBe(false);
  });

  it('names the kind of a policy’s own error', () => {
    expect(policyFailureKind(new TaskCancelledError())).toBe('timeout');
    expect(policyFailureKind(new BrokenCircuitError())).toBe('circuit-open');
    expect(policyFailureKind(new BulkheadRejectedError(1, 1))).toBe('bulkhead-full');
    expect(policyFailureKind(new Error('x'))).toBeUndefined();
  });
});
