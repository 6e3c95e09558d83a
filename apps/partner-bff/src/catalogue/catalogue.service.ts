import { Injectable } from '@nestjs/common';
import type { Page, Product } from '@facet/domain';
import { SignedCursorCodec, isBackendCursor } from '@facet/bff';
import { ProductsClient } from '@facet/downstream';
import type { ContractPage } from '../contract/contract';
import type { ProductExportQueryDto, ProductFeedQueryDto } from './catalogue.dto';
import { type PartnerProduct, toPartnerProduct } from './product.view';

@Injectable()
export class CatalogueService {
  constructor(
    private readonly products: ProductsClient,
    private readonly cursors: SignedCursorCodec,
  ) {}

  /**
   * A page of the partner's own products, in id order. The product service's cursor travels inside a signed one
   * bound to the partner and the filter, so a cursor another partner got, or one for another filter, is a 400.
   */
  async feed(partnerId: string, query: ProductFeedQueryDto): Promise<ContractPage<PartnerProduct>> {
    const scope = `products:${partnerId}:${query.updated_since ?? ''}`;
    const after = query.cursor === undefined ? undefined : this.cursors.decode(query.cursor, scope, isBackendCursor);
    const page = await this.products.search({ partnerId, updatedSince: query.updated_since, cursor: after, limit: query.limit });
    return {
      data: page.items.map(toPartnerProduct),
      next_cursor: page.nextCursor === null ? null : this.cursors.encode(page.nextCursor, scope),
    };
  }

  /**
   * The partner's whole slice, a backend page at a time: the first page is fetched before anything is sent (so a
   * failure then is an ordinary error answer), each later one only when the consumer asks for more.
   */
  async export(partnerId: string, query: ProductExportQueryDto): Promise<AsyncGenerator<PartnerProduct>> {
    const search = (cursor?: string): Promise<Page<Product>> =>
      this.products.search({ partnerId, updatedSince: query.updated_since, cursor, limit: EXPORT_PAGE_SIZE });
    const first = await search();
    return (async function* pages(): AsyncGenerator<PartnerProduct> {
      for (let page = first; ; page = await search(page.nextCursor)) {
        yield* page.items.map(toPartnerProduct);
        if (page.nextCursor === null) return;
      }
    })();
  }
}

/** The largest page the product service gives. */
const EXPORT_PAGE_SIZE = 100;
