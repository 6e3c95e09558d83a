import type { Decoder } from '../contract/decode';
import type { CallIdentity, DownstreamServiceName } from '../downstream.options';
import type { DownstreamRuntime } from '../downstream.runtime';
import { DownstreamError } from '../errors/downstream-error';
import { chunk } from './request-scope';

/** What became of one id: found, missing (`null`) or failed with its chunk's error. */
export type Lookup<T> = T | null | DownstreamError;

/** A service's by-id route, `GET <path>?ids=a,b`, answering with the asked ids that exist. */
export interface BatchRoute<P extends { id: string }, T> {
  service: DownstreamServiceName;
  /** Route template for metrics and errors, e.g. `GET /products?ids`. */
  route: string;
  path: string;
  decode: Decoder<{ items: readonly P[] }>;
  map: (item: P) => T;
  /** What a record is called in a not-found message, e.g. `Product`. */
  noun: string;
}

/**
 * Looks ids up in chunks of at most the configured batch size, in parallel. Every id gets an entry; a failed
 * chunk fails only its own ids, and items the service sends that were not asked for are ignored.
 */
export async function batchLookup<P extends { id: string }, T>(
  runtime: DownstreamRuntime,
  batch: BatchRoute<P, T>,
  ids: readonly string[],
  identity: CallIdentity | undefined,
): Promise<Map<string, Lookup<T>>> {
  const results = new Map<string, Lookup<T>>();
  // Sorted, so identical sets of ids from different requests make identical URLs (coalescing, logs).
  const chunks = chunk([...ids].sort(), runtime.options.maxBatchSize);
  await Promise.all(
    chunks.map(async (part) => {
      runtime.metrics.batch(batch.service, batch.route, part.length);
      try {
        const { body } = await runtime.services[batch.service].send(
          { method: 'GET', route: batch.route, path: batch.path, query: { ids: part.join(',') }, identity },
          batch.decode,
        );
        const asked = new Set(part);
        for (const item of body.items) if (asked.has(item.id)) results.set(item.id, batch.map(item));
      } catch (error) {
        if (!(error instanceof DownstreamError)) throw error;
        for (const id of part) results.set(id, error);
      }
      for (const id of part) if (!results.has(id)) results.set(id, null);
    }),
  );
  return results;
}

/** The 404 `NOT_FOUND` for an id the batch route said is missing, as if the service had answered it. */
export function notFound(
  batch: Pick<BatchRoute<{ id: string }, unknown>, 'service' | 'route' | 'noun'>,
  id: string,
  durationMs: number,
): DownstreamError {
  return new DownstreamError({
    service: batch.service,
    kind: 'not-found',
    route: batch.route,
    durationMs,
    upstream: { status: 404, code: 'NOT_FOUND', message: `${batch.noun} ${id} was not found`, details: { [batch.noun.toLowerCase()]: id } },
  });
}
