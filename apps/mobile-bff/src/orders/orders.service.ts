import { Injectable } from '@nestjs/common';
import {
  type CreateOrderDto,
  type IdempotentResult,
  IdempotentRequests,
  SignedCursorCodec,
  fingerprintOf,
  isBackendCursor,
  parseFieldset,
  pickFields,
} from '@facet/bff';
import { type Order, productIdsOf } from '@facet/domain';
import { type DegradedPart, OrdersClient, ProductsClient, productsForPage } from '@facet/downstream';
import type { OrderDetailQueryDto, OrderListQueryDto } from './orders.dto';
import {
  ORDER_DETAIL_FIELDS,
  ORDER_ROW_FIELDS,
  type OrderDetailView,
  type OrderListView,
  firstProductIds,
  toOrderDetailView,
  toOrderRowView,
} from './orders.view';
import { withDegraded } from '../screen';

@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersClient,
    private readonly products: ProductsClient,
    private readonly cursors: SignedCursorCodec,
    private readonly idempotency: IdempotentRequests,
  ) {}

  /**
   * A page of the caller's orders, newest first. The order service's own cursor travels inside a signed one bound
   * to the caller and this listing, so a cursor that was edited, made up or issued to someone else is a 400.
   */
  async list(userId: string, query: OrderListQueryDto): Promise<OrderListView> {
    const fields = parseFieldset(query.fields, ORDER_ROW_FIELDS);
    const scope = `orders:${userId}`;
    const after = query.cursor === undefined ? undefined : this.cursors.decode(query.cursor, scope, isBackendCursor);
    const page = await this.orders.list({ userId, cursor: after, limit: query.limit });
    const degraded: DegradedPart[] = [];
    const products = await productsForPage(this.products, firstProductIds(page.items), degraded);
    return withDegraded(
      {
        items: page.items.map((order) => pickFields(toOrderRowView(order, products), fields)),
        nextCursor: page.nextCursor === null ? null : this.cursors.encode(page.nextCursor, scope),
      },
      degraded,
    );
  }

  async detail(userId: string, orderId: string, query: OrderDetailQueryDto): Promise<Partial<OrderDetailView>> {
    const fields = parseFieldset(query.fields, ORDER_DETAIL_FIELDS);
    const view = await this.detailView(await this.orders.getOwned(userId, orderId));
    return pickFields(view, fields);
  }

  /**
   * At most one order per Idempotency-Key: a retry with the same key and body gets the first answer (also while the
   * first is still running: it waits for it), another body under the same key is a 422. The key also goes to the
   * order service, so a create whose answer was lost on the way back is not repeated there either.
   */
  create(userId: string, input: CreateOrderDto, idempotencyKey: string): Promise<IdempotentResult<OrderDetailView>> {
    return this.once(userId, 'create-order', idempotencyKey, input, async () => {
      const { order } = await this.orders.create(
        {
          userId,
          items: input.items.map((item) => ({ productId: item.productId, quantity: item.quantity })),
          shippingAddressId: input.shippingAddressId,
        },
        { idempotencyKey },
      );
      return this.detailView(order);
    });
  }

  /** The order service cannot tell a retried cancel from a second one, so the BFF's idempotency records do. */
  cancel(userId: string, orderId: string, idempotencyKey: string): Promise<IdempotentResult<OrderDetailView>> {
    return this.once(userId, 'cancel-order', idempotencyKey, { orderId }, async () => {
      await this.orders.getOwned(userId, orderId);
      return this.detailView(await this.orders.cancel(orderId));
    });
  }

  private once(
    userId: string,
    operation: string,
    key: string,
    request: object,
    write: () => Promise<OrderDetailView>,
  ): Promise<IdempotentResult<OrderDetailView>> {
    return this.idempotency.run({ scope: `${userId}:${operation}`, key, fingerprint: fingerprintOf(request) }, write);
  }

  private async detailView(order: Order): Promise<OrderDetailView> {
    const degraded: DegradedPart[] = [];
    const products = await productsForPage(this.products, productIdsOf([order]), degraded);
    return withDegraded(toOrderDetailView(order, products), degraded);
  }
}
