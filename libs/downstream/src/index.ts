export { DownstreamModule } from './downstream.module';
export {
  DOWNSTREAM_SERVICES,
  type CallIdentity,
  type DownstreamModuleOptions,
  type DownstreamServiceName,
  type ProductCacheOptions,
  type ResilienceOptions,
  type ServiceIdentityOptions,
  type ServiceOptions,
  type TokenExchangeOptions,
  type UserIdentityOptions,
} from './downstream.options';
export type { ExchangedTokenStore, TokenCipher } from './identity/exchanged-token-store';
export { TokenExchangeError, type TokenExchangeFailure } from './identity/token-exchange';
export { DownstreamError, isOutage, type DownstreamErrorKind } from './errors/downstream-error';
export type { CallOptions } from './clients/call-options';
export { ProductsClient, type AvailableProducts, type ProductSearchQuery } from './clients/products.client';
export {
  availableForPage,
  markDegraded,
  optionalPart,
  productForPage,
  productsForPage,
  type DegradedPart,
} from './degradation/degraded-parts';
export { UsersClient } from './clients/users.client';
export {
  OrdersClient,
  type CreateOrderInput,
  type CreateOrderOptions,
  type CreatedOrder,
  type OrderListQuery,
  type ShipmentEventInput,
} from './clients/orders.client';
export { DownstreamPassThrough, type PassThroughResponse } from './clients/pass-through.client';
export type { HttpMethod, QueryParams } from './transport/service-client';
export { DOWNSTREAM_TRANSPORTS, type DownstreamTransport } from './transport/http-transport';
