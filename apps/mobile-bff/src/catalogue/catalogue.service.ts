import { Injectable } from '@nestjs/common';
import { SignedCursorCodec, catalogueCursorScope, isBackendCursor, parseFieldset, pickFields } from '@facet/bff';
import { localeOf } from '@facet/domain';
import { type DegradedPart, ProductsClient, UsersClient, markDegraded, optionalPart } from '@facet/downstream';
import { withDegraded } from '../orders/orders.view';
import type { ProductDetailQueryDto, ProductSearchQueryDto } from './catalogue.dto';
import {
  type CategoryListView,
  PRODUCT_DETAIL_FIELDS,
  PRODUCT_ROW_FIELDS,
  type ProductDetailView,
  type ProductListView,
  toProductDetailView,
  toProductRowView,
} from './catalogue.view';

/** The catalogue, lean: a search a page at a time, one product, the categories. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly products: ProductsClient,
    private readonly users: UsersClient,
    private readonly cursors: SignedCursorCodec,
  ) {}

  /**
   * A page of the search, with the profile alongside for the locale its prices are formatted in (without it, the
   * fallback locale, named in `degraded`). The product service's cursor travels signed, bound to the user and the
   * search: another search's cursor, or an edited one, is a 400.
   */
  async search(userId: string, query: ProductSearchQueryDto): Promise<ProductListView> {
    const fields = parseFieldset(query.fields, PRODUCT_ROW_FIELDS);
    const scope = catalogueCursorScope(userId, query);
    const after = query.cursor === undefined ? undefined : this.cursors.decode(query.cursor, scope, isBackendCursor);
    const degraded: DegradedPart[] = [];
    const [page, user] = await Promise.all([
      this.products.search({ q: query.q, category: query.category, cursor: after, limit: query.limit }),
      optionalPart('user', this.users.getUser(userId), degraded),
    ]);
    const locale = localeOf(user);
    return withDegraded(
      {
        items: page.items.map((product) => pickFields(toProductRowView(product, locale), fields)),
        nextCursor: page.nextCursor === null ? null : this.cursors.encode(page.nextCursor, scope),
      },
      degraded,
    );
  }

  /** One product; from the cache (named stale) while the product service fails; a product that does not exist is a 404. */
  async product(userId: string, productId: string, query: ProductDetailQueryDto): Promise<Partial<ProductDetailView>> {
    const fields = parseFieldset(query.fields, PRODUCT_DETAIL_FIELDS);
    const degraded: DegradedPart[] = [];
    const user = optionalPart('user', this.users.getUser(userId), degraded);
    const product = await this.products.getProduct(productId);
    if (this.products.servedStale().includes(productId)) markDegraded(degraded, 'product', 'stale');
    return pickFields(withDegraded(toProductDetailView(product, localeOf(await user)), degraded), fields);
  }

  async categories(): Promise<CategoryListView> {
    return { items: await this.products.categories() };
  }
}
