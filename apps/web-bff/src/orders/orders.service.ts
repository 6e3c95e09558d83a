import { Injectable } from '@nestjs/common';
import { type Order, type Product, type User, productIdsOf } from '@facet/domain';
import { type DegradedPart, optionalPart, OrdersClient, ProductsClient, productsForPage, UsersClient } from '@facet/downstream';
import type { CreateOrderDto, IdempotentResult } from '@facet/bff';
import type { OrdersQueryDto } from './orders.dto';
import { type OrderDetailView, type OrdersPageView, toOrderDetailView, toOrdersPageView } from './orders.view';

@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersClient,
    private readonly products: ProductsClient,
    private readonly users: UsersClient,
  ) {}

  /** One page of the user's history; the profile (for the locale) is fetched alongside, products in one batch. */
  async page(userId: string, query: OrdersQueryDto): Promise<OrdersPageView> {
    const degraded: DegradedPart[] = [];
    const userPromise = optionalPart('user', this.users.getUser(userId), degraded);
    const page = await this.orders.list({ userId, status: query.status, offset: (query.page - 1) * query.pageSize, limit: query.pageSize });
    const [products, user] = await Promise.all([this.productsFor(page.items, degraded), userPromise]);
    return toOrdersPageView(page, query, products, user, degraded);
  }

  /**
   * The full order. The customer's profile does not depend on the order (it is the session's user), so it is
   * fetched alongside the order; the products follow the order in one batch: the critical path is order → products.
   */
  async detail(userId: string, orderId: string): Promise<OrderDetailView> {
    const degraded: DegradedPart[] = [];
    const userPromise = optionalPart('customer', this.users.getUser(userId), degraded);
    const order = await this.orders.getOwned(userId, orderId);
    return this.detailView(order, userPromise, degraded);
  }

  /**
   * The profile is fetched alongside the write, which it does not depend on. `replayed` says the order service
   * recognised the Idempotency-Key and answered with the order it made the first time.
   */
  async create(userId: string, input: CreateOrderDto, idempotencyKey: string | undefined): Promise<IdempotentResult<OrderDetailView>> {
    const degraded: DegradedPart[] = [];
    const userPromise = optionalPart('customer', this.users.getUser(userId), degraded);
    const { order, replayed } = await this.orders.create(
      {
        userId,
        items: input.items.map((item) => ({ productId: item.productId, quantity: item.quantity })),
        shippingAddressId: input.shippingAddressId,
      },
      { idempotencyKey },
    );
    return { value: await this.detailView(order, userPromise, degraded), replayed };
  }

  /** The profile is fetched alongside the ownership check and the write, which it does not depend on. */
  async cancel(userId: string, orderId: string): Promise<OrderDetailView> {
    const degraded: DegradedPart[] = [];
    const userPromise = optionalPart('customer', this.users.getUser(userId), degraded);
    await this.orders.getOwned(userId, orderId);
    const order = await this.orders.cancel(orderId);
    return this.detailView(order, userPromise, degraded);
  }

  private async detailView(order: Order, userPromise: Promise<User | undefined>, degraded: DegradedPart[]): Promise<OrderDetailView> {
    const [products, user] = await Promise.all([this.productsFor([order], degraded), userPromise]);
    return toOrderDetailView(order, products, user, degraded);
  }

  private productsFor(orders: readonly Order[], degraded: DegradedPart[]): Promise<ReadonlyMap<string, Product>> {
    return productsForPage(this.products, productIdsOf(orders), degraded);
  }
}
