export { decimalAmount, formatMoney, minorUnitDigits, sumMoney, type Money } from './money';
export {
  CATEGORY_ID_FORMAT,
  IMAGE_VARIANTS,
  PARTNER_ID_FORMAT,
  pickImage,
  type ImageVariant,
  type Product,
  type ProductImage,
} from './product';
export { LOYALTY_TIERS, defaultAddress, type Address, type LoyaltyTier, type User, type UserPreferences } from './user';
export {
  CANCELLABLE_STATUSES,
  ORDER_STATUSES,
  type Order,
  type OrderCounts,
  type OrderItem,
  type OrderStatus,
  type Page,
  type Shipment,
  type ShipmentEvent,
  type StatusChange,
} from './order';
export {
  THUMBNAIL_MIN_WIDTH,
  itemCountOf,
  lineTotalOf,
  localeOf,
  productIdsOf,
  thumbnailUrlOf,
  toAddressView,
  toCustomerView,
  toMoneyView,
  toOrderLineView,
  toOrderSummaryView,
  type AddressView,
  type CustomerView,
  type MoneyView,
  type OrderLineView,
  type OrderSummaryView,
} from './views';
