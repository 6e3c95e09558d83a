export { ApiBffConfig, BearerBffConfig, BffConfig, PartnerBffConfig, SessionBffConfig, partnerClientsOf } from './module/bff.config';
export { BffModule, type BearerAuthKind, type BffModuleOptions, type PartnerAuthKind, type SessionAuthKind } from './module/bff.module';
export { ifNoneMatchHits, strongEntityTag, weakEntityTag } from './conditional/entity-tag';
export { MAX_CURSOR_LENGTH, SignedCursorCodec, isBackendCursor, type CursorKey } from './cursor/signed-cursor';
export { nextPageLink } from './cursor/next-link';
export { parseFieldset, pickFields } from './fields/sparse-fieldset';
export { CreateOrderDto, ORDER_ID, OrderIdPipe, OrderLineDto, RESOURCE_ID } from './orders/order-input';
export { CatalogueQueryDto, PRODUCT_ID, ProductFilterDto, ProductIdPipe, catalogueCursorScope } from './catalogue/catalogue-input';
export { AccountOverviewLoader, type AccountOverview, type AccountOverviewQuery } from './screens/account-overview';
export { CatalogueSearch, type CatalogueSearchPage } from './screens/catalogue-search';
export { IdempotencyModule } from './idempotency/idempotency.module';
export { idempotentAnswer } from './idempotency/idempotent-answer';
export { type IdempotencyOptions } from './idempotency/idempotency.options';
export {
  IdempotencyKeyReusedError,
  IdempotencyStoreUnavailableError,
  IdempotentRequestInProgressError,
  IdempotentRequests,
  fingerprintOf,
  type IdempotentRequest,
  type IdempotentResult,
} from './idempotency/idempotent-requests';
export {
  Caching,
  ConditionalGetInterceptor,
  NoEntityTag,
  noStoreByDefault,
  type CachePolicy,
} from './conditional/conditional-get.interceptor';
export { NoCompression, responseCompression, type ResponseCompressionOptions } from './compression/response-compression';
export { BackendUnavailableError, CompleteAnswersInterceptor } from './availability/complete-answers.interceptor';
export { PartnerRateLimitGuard, RateLimitedError } from './rate-limits/partner-rate-limit.guard';
export {
  RATE_LIMIT_CLASSES,
  RateLimitedAs,
  parsePartnerRateLimits,
  parseRateLimits,
  type RateLimitClass,
  type RateLimits,
} from './rate-limits/rate-limits';
export { auditTrail, type AuditRecord } from './audit/audit-trail';
