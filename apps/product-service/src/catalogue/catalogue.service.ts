import { Injectable } from '@nestjs/common';
import type { Page, Product } from '@facet/domain';
import { NotFoundError } from '@facet/platform';
import { type BatchResult, PRODUCT_CATEGORIES, batchLookup, decodeCursor, encodeCursor, seedProducts } from '@facet/sandbox';
import type { ProductSearch } from './products.dto';

export interface CategorySummary {
  id: string;
  name: string;
  productCount: number;
}

const DEFAULT_PAGE_SIZE = 20;

interface SearchPosition {
  after: string;
}

function isSearchPosition(value: unknown): value is SearchPosition {
  return typeof value === 'object' && value !== null && typeof (value as SearchPosition).after === 'string';
}

/** The seeded catalogue, read-only, ordered by id. */
@Injectable()
export class CatalogueService {
  private readonly products = seedProducts();
  private readonly byId = new Map(this.products.map((product) => [product.id, product]));
  private readonly searchText = new Map(
    this.products.map((product) => [product.id, `${product.name}\n${product.description}`.toLowerCase()]),
  );

  get(id: string): Product {
    const product = this.byId.get(id);
    if (!product) throw new NotFoundError('Product', id);
    return product;
  }

  batch(ids: readonly string[]): BatchResult<Product> {
    return batchLookup(ids, (id) => this.byId.get(id));
  }

  search({ category, q, cursor, limit = DEFAULT_PAGE_SIZE }: ProductSearch): Page<Product> {
    const text = q?.toLowerCase();
    const matches = this.products.filter(
      (product) => (!category || product.category === category) && (!text || this.searchText.get(product.id)!.includes(text)),
    );
    const after = cursor === undefined ? undefined : decodeCursor(cursor, isSearchPosition).after;
    const start = after === undefined ? 0 : matches.findIndex((product) => product.id > after);
    const items = start < 0 ? [] : matches.slice(start, start + limit);
    const hasMore = start >= 0 && start + limit < matches.length;
    return {
      items,
      nextCursor: hasMore ? encodeCursor({ after: items[items.length - 1].id } satisfies SearchPosition) : null,
      totalCount: matches.length,
    };
  }

  categories(): CategorySummary[] {
    const counts = new Map<string, number>();
    for (const product of this.products) counts.set(product.category, (counts.get(product.category) ?? 0) + 1);
    return PRODUCT_CATEGORIES.map(({ id, name }) => ({ id, name, productCount: counts.get(id) ?? 0 }));
  }
}
