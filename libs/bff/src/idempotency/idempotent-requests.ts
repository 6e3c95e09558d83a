import { createHash, hash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KeyValueStore } from '@facet/auth';
import { FacetError } from '@facet/platform';
import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { DEFAULT_IDEMPOTENCY, IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency.options';

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

/** One idempotent request: whose and which operation (`scope`), the client's key, and what it asked for. */
export interface IdempotentRequest {
  /** e.g. `<user id>:create-order`: the same key from another caller or for another operation is another request. */
  scope: string;
  key: string;
  /** Identifies the request's content (see `fingerprintOf`): the same key with other content is refused. */
  fingerprint: string;
}

export interface IdempotentResult<T> {
  value: T;
  /** True when this is the first request's answer again: the operation did not run this time. */
  replayed: boolean;
}

type Outcome<T> = { value: T } | { error: { status: number; code: string; message: string; details?: unknown } };

type IdempotencyRecord<T> =
  { state: 'pending'; fingerprint: string; owner: string } | { state: 'done'; fingerprint: string; outcome: Outcome<T> };

/** Canonical JSON (keys sorted at every level), so the same content always has the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, member]) => member !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, member]) => `${JSON.stringify(name)}:${canonical(member)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A digest of a request's content (body, path parameters), whatever the order of its keys. */
export function fingerprintOf(content: unknown): string {
  return hash('sha256', canonical(content), 'base64url');
}

export class IdempotencyKeyReusedError extends FacetError {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor() {
    super(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was used for a different request: send a new key for a new request, the same request to retry',
      422,
    );
  }
}

export class IdempotentRequestInProgressError extends FacetError {
  override readonly name = 'IdempotentRequestInProgressError';
  constructor() {
    super('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed: retry shortly', 409);
  }
}

export class IdempotencyStoreUnavailableError extends FacetError {
  override readonly name = 'IdempotencyStoreUnavailableError';
  constructor(cause: unknown) {
    super('IDEMPOTENCY_STORE_UNAVAILABLE', 'Writes cannot be accepted right now: retry with the same Idempotency-Key', 503);
    this.cause = cause;
  }
}

/**
 * Client errors that say something final about the request itself (its content is invalid, the thing is not there):
 * kept and replayed. Auth failures, conflicts of state and rate limits may change on a retry, so they release the key.
 */
function finalClientError(status: number): boolean {
  return status >= 400 && status < 500 && ![401, 403, 408, 409, 425, 429].includes(status);
}

function errorOutcome(error: unknown): Outcome<never> | undefined {
  if (error instanceof FacetError && finalClientError(error.status)) {
    return { error: { status: error.status, code: error.code, message: error.message, details: error.details } };
  }
  if (error instanceof HttpException && finalClientError(error.getStatus())) {
    return { error: { status: error.getStatus(), code: `HTTP_${error.getStatus()}`, message: error.message } };
  }
  return undefined;
}

/**
 * Runs a write at most once per Idempotency-Key. The first request with a key claims it (set-if-absent, so two
 * replicas cannot both win), runs, and records its answer; a retry with the same content gets that answer again
 * (waiting for it while the first is still running), and the same key with other content is a 422. An outcome that
 * is not final (a backend outage, a crash) releases the key, so the client may retry. Keys are stored hashed: what a
 * client sends never becomes a raw store key.
 */
@Injectable()
export class IdempotentRequests {
  private readonly logger = new Logger(IdempotentRequests.name);
  private readonly settings: Required<Omit<IdempotencyOptions, 'redisUrl' | 'keyPrefix' | 'store'>>;

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: KeyValueStore,
    @Inject(IDEMPOTENCY_OPTIONS) options: IdempotencyOptions,
  ) {
    this.settings = { ...DEFAULT_IDEMPOTENCY, ...stripUndefined(options) };
  }

  async run<T>(request: IdempotentRequest, operation: () => Promise<T>): Promise<IdempotentResult<T>> {
    const storageKey = createHash('sha256').update(`${request.scope.length}:${request.scope}|${request.key}`).digest('base64url');
    const claim = JSON.stringify({
      state: 'pending',
      fingerprint: request.fingerprint,
      owner: randomUUID(),
    } satisfies IdempotencyRecord<T>);
    const deadline = Date.now() + this.settings.waitMs;
    for (;;) {
      if (await this.guarded(() => this.store.setIfAbsent(storageKey, claim, this.settings.lockTtlMs))) break;
      const found = await this.guarded(() => this.store.get(storageKey));
      // Gone between the two calls (expired or released): try to claim it again.
      if (found === undefined) continue;
      const record = JSON.parse(found) as IdempotencyRecord<T>;
      if (record.fingerprint !== request.fingerprint) throw new IdempotencyKeyReusedError();
      if (record.state === 'done') return replay(record.outcome);
      if (Date.now() >= deadline) throw new IdempotentRequestInProgressError();
      await sleep(this.settings.pollMs);
    }
    return { value: await this.execute(storageKey, claim, request.fingerprint, operation), replayed: false };
  }

  private async execute<T>(storageKey: string, claim: string, fingerprint: string, operation: () => Promise<T>): Promise<T> {
    let outcome: Outcome<T>;
    try {
      outcome = { value: await operation() };
    } catch (error) {
      const final = errorOutcome(error);
      if (final) await this.record(storageKey, fingerprint, final);
      else await this.store.deleteIfEquals(storageKey, claim).catch(() => undefined);
      throw error;
    }
    await this.record(storageKey, fingerprint, outcome);
    return outcome.value;
  }

  /**
   * Keeps the answer for replays. The write has happened by now, so a store failure here must not turn it into an
   * error: the client gets its answer, and a retry is answered by the claim's expiry and the backend's own checks.
   */
  private async record<T>(storageKey: string, fingerprint: string, outcome: Outcome<T>): Promise<void> {
    const done = JSON.stringify({ state: 'done', fingerprint, outcome } satisfies IdempotencyRecord<T>);
    await this.store.set(storageKey, done, this.settings.ttlSeconds * 1000).catch((error: unknown) => {
      this.logger.warn({ cause: error instanceof Error ? error.message : String(error) }, 'an idempotent answer could not be recorded');
    });
  }

  private async guarded<R>(call: () => Promise<R>): Promise<R> {
    try {
      return await call();
    } catch (error) {
      throw new IdempotencyStoreUnavailableError(error);
    }
  }
}

function replay<T>(outcome: Outcome<T>): IdempotentResult<T> {
  if ('error' in outcome) {
    const { code, message, status, details } = outcome.error;
    throw new FacetError(code, message, status, details);
  }
  return { value: outcome.value, replayed: true };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as Partial<T>;
}
