import { Injectable } from '@nestjs/common';
import { CatalogueSearch } from '@facet/bff';
import { type DegradedPart, ProductsClient, UsersClient, optionalPart, productForPage } from '@facet/downstream';
import type { ProductListQueryDto } from './products.dto';
import { RELATED_PRODUCTS, type ProductListView, type ProductPageView, toProductListView, toProductPageView } from './products.view';

/** The shop's pages: the catalogue searched, and one product with what surrounds it. */
@Injectable()
export class ProductsService {
  constructor(
    private readonly products: ProductsClient,
    private readonly users: UsersClient,
    private readonly search: CatalogueSearch,
  ) {}

  /** The search with the profile (the kit's CatalogueSearch), and every category alongside, which degrades. */
  async list(userId: string, query: ProductListQueryDto): Promise<ProductListView> {
    const degraded: DegradedPart[] = [];
    const [{ page, nextCursor, user }, categories] = await Promise.all([
      this.search.page(userId, query, degraded),
      optionalPart('categories', this.products.categories(), degraded),
    ]);
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
    const product = await productForPage(this.products, productId, degraded);
    // Room for the product itself and for sold-out ones among them, which the page leaves out.
    const sameCategory = optionalPart(
      'related',
      this.products.search({ category: product.category, limit: RELATED_PRODUCTS * 2 + 1 }),
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
