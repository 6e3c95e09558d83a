import type { Product } from '@facet/domain';
import type { AvailableProducts, ProductsClient } from '../clients/products.client';
import { isOutage } from '../errors/downstream-error';

/** A part of a screen that is missing (its service is down) or served from an old copy, as a BFF reports it. */
export interface DegradedPart {
  part: string;
  reason: 'unavailable' | 'stale';
}

/** Names a part as missing or old, once: two calls behind one part (a search and a lookup) report it once. */
export function markDegraded(degraded: DegradedPart[], part: string, reason: DegradedPart['reason']): void {
  if (!degraded.some((known) => known.part === part && known.reason === reason)) degraded.push({ part, reason });
}

/**
 * Parts a screen can live without. When the service behind one is down (timeout, refused, 5xx, open
 * circuit, busy, broken contract) the part is left out and named in `degraded`; any other error (a 4xx is the
 * backend's answer about this request) still fails the request.
 *
 * Callers start a part alongside other calls and may fail on one of those before awaiting it, so the part's
 * error must not become an unhandled rejection (which ends the process); whoever awaits it still gets it.
 */
export function optionalPart<T>(part: string, work: Promise<T>, degraded: DegradedPart[]): Promise<T | undefined> {
  const result = settle(part, work, degraded);
  result.catch(() => undefined);
  return result;
}

async function settle<T>(part: string, work: Promise<T>, degraded: DegradedPart[]): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (isOutage(error)) {
      markDegraded(degraded, part, 'unavailable');
      return undefined;
    }
    throw error;
  }
}

/** The products a page shows, as many as can be had, and which could not be; what is missing or old is named in `degraded`. */
export async function availableForPage(
  products: Pick<ProductsClient, 'getAvailableProducts'>,
  ids: readonly string[],
  degraded: DegradedPart[],
): Promise<AvailableProducts> {
  const available = await products.getAvailableProducts(ids);
  if (available.unavailable.length > 0) markDegraded(degraded, 'products', 'unavailable');
  else if (available.stale.length > 0) markDegraded(degraded, 'products', 'stale');
  return available;
}

/** The products a page shows, as many as can be had; what is missing or old is named in `degraded`. */
export async function productsForPage(
  products: Pick<ProductsClient, 'getAvailableProducts'>,
  ids: readonly string[],
  degraded: DegradedPart[],
): Promise<Map<string, Product>> {
  return (await availableForPage(products, ids, degraded)).products;
}

/**
 * The one product a screen is about. While the product service fails the cache's last copy stands in, named
 * `{ part, reason: 'stale' }`; a product that does not exist is the client's DownstreamError 404.
 */
export async function productForPage(
  products: Pick<ProductsClient, 'getProduct' | 'servedStale'>,
  id: string,
  degraded: DegradedPart[],
  part = 'product',
): Promise<Product> {
  const product = await products.getProduct(id);
  if (products.servedStale().includes(id)) markDegraded(degraded, part, 'stale');
  return product;
}
