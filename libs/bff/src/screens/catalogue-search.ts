import type { Page, Product, User } from '@facet/domain';
import { type DegradedPart, ProductsClient, UsersClient, optionalPart } from '@facet/downstream';
import { Injectable } from '@nestjs/common';
import { type CatalogueQueryDto, catalogueCursorScope } from '../catalogue/catalogue-input';
import { SignedCursorCodec, isBackendCursor } from '../cursor/signed-cursor';

/** A page of a catalogue search as a shop screen (web shop, mobile catalogue) is built from. */
export interface CatalogueSearchPage {
  page: Page<Product>;
  /** The next page's cursor, signed and bound to the user and this search; null on the last page. */
  nextCursor: string | null;
  /** The profile, for the locale prices are shown in; absent when it could not be had (named `user` in `degraded`). */
  user?: User;
}

/**
 * The catalogue searched a page at a time, with the user's profile alongside. The search is the screen: it fails
 * with its service; the profile degrades. The product service's cursor travels inside a signed one bound to the
 * user and the search, so a cursor of another search, another user's, or an edited one is a 400.
 */
@Injectable()
export class CatalogueSearch {
  constructor(
    private readonly products: ProductsClient,
    private readonly users: UsersClient,
    private readonly cursors: SignedCursorCodec,
  ) {}

  async page(userId: string, query: CatalogueQueryDto, degraded: DegradedPart[]): Promise<CatalogueSearchPage> {
    const scope = catalogueCursorScope(userId, query);
    const after = query.cursor === undefined ? undefined : this.cursors.decode(query.cursor, scope, isBackendCursor);
    const [page, user] = await Promise.all([
      this.products.search({ q: query.q, category: query.category, cursor: after, limit: query.limit }),
      optionalPart('user', this.users.getUser(userId), degraded),
    ]);
    return { page, user, nextCursor: page.nextCursor === null ? null : this.cursors.encode(page.nextCursor, scope) };
  }
}
