import { Injectable } from '@nestjs/common';
import { SignedCursorCodec, catalogueCursorScope, isBackendCursor } from '@facet/bff';
import { type DegradedPart, ProductsClient, UsersClient, markDegraded, optionalPart } from '@facet/downstream';
import type { ProductListQueryDto } from './products.dto';
import { RELATED_PRODUCTS, type ProductListView, type ProductPageView, toProductListView, toProductPageView } from './products.view';

/** The shop's pages: the catalogue searched, and one product with what surrounds it. */
@Injectable()
export class ProductsService {
  constructor(
    private readonly products: ProductsClient,
    private readonly users: UsersClient,
    private readonly cursors: SignedCursorCodec,
  ) {}

  /**
   * The search, the categories and the profile (for the locale prices are shown in) in parallel. The search is the
   * page: it fails with its service; the other two degrade. The product service's cursor travels inside a signed one
   * bound to the user and this search, so a cursor of another search, edited or made up is a 400.
   */
  async list(userId: string, query: ProductListQueryDto): Promise<ProductListView> {
    const scope = catalogueCursorScope(userId, query);
    const after = query.cursor === undefined ? undefined : this.cursors.decode(query.cursor, scope, isBackendCursor);
    const degraded: DegradedPart[] = [];
    const [page, categories, user] = await Promise.all([
      this.products.search({ q: query.q, category: query.category, cursor: after, limit: query.limit }),
      optionalPart('categories', this.products.categories(), degraded),
      optionalPart('user', this.users.getUser(userId), degraded),
    ]);
    const nextCursor = page.nextCursor === null ? null : this.cursors.encode(page.nextCursor, scope);
    return toProductListView({ query, page, nextCursor, categories, user, degraded });
  }

  /**
   * The product (its cache stands in while the product service fails: named stale), its category's other products
   * once the category is known, and the categories and the profile alongside: the critical path is product → related.
   */
  async page(userId: string, productId: string): Promise<ProductPageView> {
    const degraded: DegradedPart[] = [];
    const categories = optionalPart('categories', this.products.categories(), degraded);
    const user = optionalPart('user', this.users.getUser(userId), degraded);
    const product = await this.products.getProduct(productId);
    if (this.products.servedStale().includes(productId)) markDegraded(degraded, 'product', 'stale');
    const sameCategory = optionalPart(
      'related',
      this.products.search({ category: product.category, limit: RELATED_PRODUCTS + 1 }),
      degraded,
    );
    return toProductPageView({
      product,
      categories: await categories,
      sameCategory: await sameCategory,
      user: await user,
      degraded,
    });
  }
}
