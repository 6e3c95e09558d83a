export { SeededRandom, padId } from './seed/random';
export { DEV_USER_PASSWORD, findSeedUserByEmail, seedUserById, type SeedUser } from './seed/users';
export {
  CATALOGUE_CURRENCY,
  MAX_CATALOGUE_SIZE,
  PRODUCT_CATEGORIES,
  SEED_PRODUCT_COUNT,
  compareProductIds,
  seedProductById,
  seedProducts,
} from './seed/products';
export { SEED_PARTNERS, type SeedPartner } from './seed/partners';
export { seedOrders } from './seed/orders';
export { ReferenceServiceConfig } from './config/reference-service.config';
export { ReferenceServiceModule } from './reference-service.module';
export { IsIdList, IsResourceId, batchLookup, splitIdList, type BatchResult } from './http/id-list';
export { DEFAULT_PAGE_SIZE, IsCursor, decodeCursor, encodeCursor } from './http/pagination';
export { NoPropertiesPipe, NotCombinedWith } from './http/validation';
