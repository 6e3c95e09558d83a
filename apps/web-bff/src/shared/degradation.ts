import { isDownstreamError } from '@facet/downstream';
import type { DegradedPart } from './views';

/**
 * Page parts a page can live without. When the service behind one is down (timeout, refused, 5xx, open
 * circuit, busy, broken contract) the part is left out and named in `degraded`; any other error (a 4xx is the
 * backend's answer about this request) still fails the request.
 */
export async function optionalPart<T>(part: string, work: Promise<T>, degraded: DegradedPart[]): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (isDownstreamError(error, 'timeout', 'refused', 'network', 'http-5xx', 'circuit-open', 'bulkhead-full', 'invalid-response')) {
      degraded.push({ part, reason: 'unavailable' });
      return undefined;
    }
    throw error;
  }
}

/** Products the cache served from its last known copy because the product service failed. */
export function noteStaleProducts(staleIds: readonly string[], degraded: DegradedPart[]): void {
  if (staleIds.length > 0 && !degraded.some((d) => d.part === 'products')) degraded.push({ part: 'products', reason: 'stale' });
}
