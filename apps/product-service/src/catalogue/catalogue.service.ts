import { Injectable } from '@nestjs/common';
import type { Page, Product } from '@facet/domain';
import { NotFoundError } from '@facet/platform';
import {
  type BatchResult,
  DEFAULT_PAGE_SIZE,
  PRODUCT_CATEGORIES,
  batchLookup,
  decodeCursor,
  encodeCursor,
  seedProductById,
  seedProducts,
} from '@facet/sandbox';
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

/** The seeded catalogue, read-only, ordered by id; it never changes, so its indexes are built once. */
@Injectable()
export class CatalogueService {
  private readonly products = seedProducts();
  private readonly byId = seedProductById();
  private readonly byCategory = new Map<string, Product[]>();
  private readonly searchText = new Map(
    this.products.map((product) => [product.id, `${product.name}\n${product.description}`.toLowerCase()]),
  );
  private readonly categorySummaries: readonly CategorySummary[];

  constructor() {
    for (const product of this.products) {
      const inCategory = this.byCategory.get(product.category) ?? [];
      inCategory.push(product);
      this.byCategory.set(product.category, inCategory);
    }
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

  search({ category, q, cursor, limit = DEFAULT_PAGE_SIZE }: ProductSearch): Page<Product> {
    const text = q?.toLowerCase();
    const inCategory = category ? (this.byCategory.get(category) ?? []) : this.products;
    const matches = text ? inCategory.filter((product) => this.searchText.get(product.id)!.includes(text)) : inCategory;
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

  categories(): readonly CategorySummary[] {
    return this.categorySummaries;
  }
}
