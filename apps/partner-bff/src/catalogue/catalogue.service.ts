import { Injectable } from '@nestjs/common';
import { SignedCursorCodec } from '@facet/bff';
import { ProductsClient } from '@facet/downstream';
import type { ContractPage } from '../contract/contract';
import { isBackendCursor } from '../contract/cursors';
import type { ProductFeedQueryDto } from './catalogue.dto';
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
}
