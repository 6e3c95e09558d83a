import { Injectable } from '@nestjs/common';
import type { Page, Product } from '@facet/domain';
import { NotFoundError } from '@facet/platform';
import {
  type BatchResult,
  DEFAULT_PAGE_SIZE,
  PRODUCT_CATEGORIES,
  batchLookup,
  compareProductIds,
  decodeCursor,
  encodeCursor,
  seedProducts,
} from '@facet/sandbox';
import { ProductServiceConfig } from '../product-service.config';
import type { ProductSearch } from './products.dto';

export interface CategorySummary {
  id: string;
  name: string;
  productCount: number;
}

interface SearchPosition {
  after: string;
}

function isSearchPosition(value: unknown): value is SearchPosition {
  return typeof value === 'object' && value !== null && typeof (value as SearchPosition).after === 'string';
}

function indexBy(products: readonly Product[], keyOf: (product: Product) => string): Map<string, Product[]> {
  const index = new Map<string, Product[]>();
  for (const product of products) {
    const key = keyOf(product);
    const bucket = index.get(key);
    if (bucket) bucket.push(product);
    else index.set(key, [product]);
  }
  return index;
}

/** The seeded catalogue (CATALOGUE_SIZE products), read-only, in id order; it never changes, so its indexes are built once. */
@Injectable()
export class CatalogueService {
  private readonly products: readonly Product[];
  private readonly byId: ReadonlyMap<string, Product>;
  private readonly byCategory: ReadonlyMap<string, Product[]>;
  private readonly byPartner: ReadonlyMap<string, Product[]>;
  /** Lower-cased name and description by id, built at the first text search: a large catalogue (export tests) is only listed. */
  private searchText?: ReadonlyMap<string, string>;
  private readonly categorySummaries: readonly CategorySummary[];

  constructor(config: ProductServiceConfig) {
    this.products = seedProducts(config.CATALOGUE_SIZE);
    this.byId = new Map(this.products.map((product) => [product.id, product]));
    this.byCategory = indexBy(this.products, (product) => product.category);
    this.byPartner = indexBy(this.products, (product) => product.partnerId);
    this.categorySummaries = PRODUCT_CATEGORIES.map(({ id, name }) => ({
      id,
      name,
      productCount: this.byCategory.get(id)?.length ?? 0,
    }));
  }

  get(id: string): Product {
    const product = this.byId.get(id);
    if (!product) throw new NotFoundError('Product', id);
    return product;
  }

  batch(ids: readonly string[]): BatchResult<Product> {
    return batchLookup(ids, (id) => this.byId.get(id));
  }

  search({ category, q, partnerId, updatedSince, cursor, limit = DEFAULT_PAGE_SIZE }: ProductSearch): Page<Product> {
    const text = q?.toLowerCase();
    // Start from the narrowest index; every list is in catalogue (id) order, and filtering keeps it.
    let matches: readonly Product[] = partnerId
      ? (this.byPartner.get(partnerId) ?? [])
      : category
        ? (this.byCategory.get(category) ?? [])
        : this.products;
    if (partnerId && category) matches = matches.filter((product) => product.category === category);
    if (text) {
      const searchText = (this.searchText ??= new Map(
        this.products.map((product) => [product.id, `${product.name}\n${product.description}`.toLowerCase()]),
      ));
      matches = matches.filter((product) => searchText.get(product.id)!.includes(text));
    }
    if (updatedSince) {
      // Seeded times are all in toISOString's form, so comparing them as text is comparing instants (and a large
      // catalogue is not parsed again on every page).
      const since = new Date(updatedSince).toISOString();
      matches = matches.filter((product) => product.updatedAt >= since);
    }
    const after = cursor === undefined ? undefined : decodeCursor(cursor, isSearchPosition).after;
    const start = after === undefined ? 0 : matches.findIndex((product) => compareProductIds(product.id, after) > 0);
    const items = start < 0 ? [] : matches.slice(start, start + limit);
    const hasMore = start >= 0 && start + limit < matches.length;
    return {
      items,
      nextCursor: hasMore ? encodeCursor({ after: items[items.length - 1].id } satisfies SearchPosition) : null,
      totalCount: matches.length,
    };
  }

  categories(): readonly CategorySummary[] {
    return this.categorySummaries;
  }
}
