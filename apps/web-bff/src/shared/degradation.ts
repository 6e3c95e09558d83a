import type { Product } from '@facet/domain';
import { type ProductsClient, isDownstreamError } from '@facet/downstream';
import type { DegradedPart } from './views';

const OUTAGES = ['timeout', 'refused', 'network', 'http-5xx', 'circuit-open', 'bulkhead-full', 'invalid-response'] as const;

/**
 * Page parts a page can live without. When the service behind one is down (timeout, refused, 5xx, open
 * circuit, busy, broken contract) the part is left out and named in `degraded`; any other error (a 4xx is the
 * backend's answer about this request) still fails the request.
 */
export async function optionalPart<T>(part: string, work: Promise<T>, degraded: DegradedPart[]): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (isDownstreamError(error, ...OUTAGES)) {
      degraded.push({ part, reason: 'unavailable' });
      return undefined;
    }
    throw error;
  }
}

/** Products the cache served from its last known copy because the product service failed. */
function noteStaleProducts(staleIds: readonly string[], degraded: DegradedPart[]): void {
  if (staleIds.length > 0 && !degraded.some((d) => d.part === 'products')) degraded.push({ part: 'products', reason: 'stale' });
}

/**
 * The products a page shows, as many as can be had: asked one by one in the same tick (the client batches them
 * into one call), so during an outage the cached ones still come back (marked stale) and only the rest are
 * missing (marked unavailable). Products that do not exist are simply absent.
 */
export async function productsForPage(
  products: Pick<ProductsClient, 'getProduct' | 'servedStale'>,
  ids: readonly string[],
  degraded: DegradedPart[],
): Promise<Map<string, Product>> {
  const results = await Promise.allSettled(ids.map((id) => products.getProduct(id)));
  const found = new Map<string, Product>();
  let unavailable = false;
  for (const result of results) {
    if (result.status === 'fulfilled') found.set(result.value.id, result.value);
    else if (isDownstreamError(result.reason, ...OUTAGES)) unavailable = true;
    else if (!isDownstreamError(result.reason, 'not-found')) throw result.reason;
  }
  if (unavailable) degraded.push({ part: 'products', reason: 'unavailable' });
  noteStaleProducts(products.servedStale(), degraded);
  return found;
}
