export { BearerBffConfig, BffConfig, SessionBffConfig } from './module/bff.config';
export { BffModule, type BearerAuthKind, type BffModuleOptions, type SessionAuthKind } from './module/bff.module';
export { ifNoneMatchHits, strongEntityTag } from './conditional/entity-tag';
export { MAX_CURSOR_LENGTH, SignedCursorCodec, type CursorKey } from './cursor/signed-cursor';
export { parseFieldset, pickFields } from './fields/sparse-fieldset';
export { CreateOrderDto, ORDER_ID, OrderIdPipe, OrderLineDto, RESOURCE_ID } from './orders/order-input';
