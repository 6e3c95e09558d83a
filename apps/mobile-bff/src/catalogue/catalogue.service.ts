import { Injectable } from '@nestjs/common';
import { CatalogueSearch, parseFieldset, pickFields } from '@facet/bff';
import { localeOf, toProductCardView } from '@facet/domain';
import { type DegradedPart, ProductsClient, UsersClient, optionalPart, productForPage } from '@facet/downstream';
import { withDegraded } from '../screen';
import type { ProductDetailQueryDto, ProductSearchQueryDto } from './catalogue.dto';
import {
  type CategoryListView,
  PRODUCT_DETAIL_FIELDS,
  PRODUCT_ROW_FIELDS,
  type ProductDetailView,
  type ProductListView,
  toProductDetailView,
} from './catalogue.view';

/** The catalogue, lean: a search a page at a time, one product, the categories. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly products: ProductsClient,
    private readonly users: UsersClient,
    private readonly catalogue: CatalogueSearch,
  ) {}

  /** A page of the search (the kit's CatalogueSearch), priced in the user's locale (the fallback's without the profile). */
  async search(userId: string, query: ProductSearchQueryDto): Promise<ProductListView> {
    const fields = parseFieldset(query.fields, PRODUCT_ROW_FIELDS);
    const degraded: DegradedPart[] = [];
    const { page, nextCursor, user } = await this.catalogue.page(userId, query, degraded);
    const locale = localeOf(user);
    return withDegraded(
      { items: page.items.map((product) => pickFields(toProductCardView(product, locale), fields)), nextCursor },
      degraded,
    );
  }

  /** One product; from the cache (named stale) while the product service fails; a product that does not exist is a 404. */
  async product(userId: string, productId: string, query: ProductDetailQueryDto): Promise<Partial<ProductDetailView>> {
    const fields = parseFieldset(query.fields, PRODUCT_DETAIL_FIELDS);
    const degraded: DegradedPart[] = [];
    const user = optionalPart('user', this.users.getUser(userId), degraded);
    const product = await productForPage(this.products, productId, degraded);
    return pickFields(withDegraded(toProductDetailView(product, localeOf(await user)), degraded), fields);
  }

  async categories(): Promise<CategoryListView> {
    return { items: await this.products.categories() };
  }
}
