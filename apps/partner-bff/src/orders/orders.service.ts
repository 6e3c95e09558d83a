import { Injectable } from '@nestjs/common';
import { IdempotentRequests, type IdempotentResult, SignedCursorCodec, fingerprintOf, isBackendCursor } from '@facet/bff';
import { type Order, type Product, productIdsOf } from '@facet/domain';
import { OrdersClient, ProductsClient } from '@facet/downstream';
import { ForbiddenError, NotFoundError } from '@facet/platform';
import type { ContractPage } from '../contract/contract';
import type { CreateShipmentDto, OrderFeedQueryDto } from './orders.dto';
import { type PartnerOrder, roleOf, toPartnerOrder } from './order.view';

@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersClient,
    private readonly products: ProductsClient,
    private readonly cursors: SignedCursorCodec,
    private readonly idempotency: IdempotentRequests,
  ) {}

  /** A page of the partner's orders, newest first; the cursor is bound to the partner and the filters. */
  async feed(partnerId: string, query: OrderFeedQueryDto): Promise<ContractPage<PartnerOrder>> {
    const scope = orderFeedScope(partnerId, query);
    const after = query.cursor === undefined ? undefined : this.cursors.decode(query.cursor, scope, isBackendCursor);
    const page = await this.orders.list({
      partnerId,
      fulfilmentPartnerId: query.role === 'fulfilment' ? partnerId : undefined,
      status: query.status,
      updatedSince: query.updated_since,
      cursor: after,
      limit: query.limit,
    });
    const products = await this.products.getProducts(productIdsOf(page.items));
    return {
      data: page.items.map((order) => this.view(order, partnerId, products)),
      next_cursor: page.nextCursor === null ? null : this.cursors.encode(page.nextCursor, scope),
    };
  }

  /** One of the partner's orders; another partner's is 404, exactly like one that does not exist. */
  async get(partnerId: string, id: string): Promise<PartnerOrder> {
    const order = await this.orders.getForPartner(partnerId, id);
    return this.view(order, partnerId, await this.products.getProducts(productIdsOf([order])));
  }

  /**
   * Records the fulfilment partner's shipment, at most once per Idempotency-Key: a retry with the same key and
   * body gets the first answer, another body under the same key is a 422. A seller that does not ship the order
   * may see it but not ship it (403).
   */
  addShipment(partnerId: string, id: string, input: CreateShipmentDto, idempotencyKey: string): Promise<IdempotentResult<PartnerOrder>> {
    const request = { scope: `${partnerId}:shipments`, key: idempotencyKey, fingerprint: fingerprintOf({ id, ...input }) };
    return this.idempotency.run(request, async () => {
      const order = await this.orders.getForPartner(partnerId, id);
      if (order.fulfilmentPartnerId !== partnerId) throw new ForbiddenError(`Order ${id} is not assigned to ${partnerId} for fulfilment`);
      const status = input.status ?? 'shipped';
      const updated = await this.orders.addShipmentEvent(id, {
        carrier: input.carrier,
        trackingNumber: input.tracking_number,
        status,
        event: input.event ?? { description: status === 'delivered' ? 'Delivered' : `Handed to ${input.carrier}` },
      });
      return this.view(updated, partnerId, await this.products.getProducts(productIdsOf([updated])));
    });
  }

  private view(order: Order, partnerId: string, products: ReadonlyMap<string, Product>): PartnerOrder {
    const role = roleOf(order, partnerId, products);
    // The order service filtered by partner; a disagreement means the two views of ownership differ: never show it.
    if (role === undefined) throw new NotFoundError('Order', order.id);
    return toPartnerOrder(order, role, partnerId, products);
  }
}

/**
 * The listing an order-feed cursor belongs to. `role` joins the scope only when given, so a cursor issued before the
 * filter existed (a partner's sync in progress at a deploy) still reads; no filter can end in `:fulfilment` by chance,
 * since `updated_since` always ends in `Z`.
 */
export function orderFeedScope(partnerId: string, query: Pick<OrderFeedQueryDto, 'status' | 'updated_since' | 'role'>): string {
  const scope = `orders:${partnerId}:${query.status ?? ''}:${query.updated_since ?? ''}`;
  return query.role === undefined ? scope : `${scope}:${query.role}`;
}
