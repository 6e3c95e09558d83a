import { ChangedSinceQueryDto, FeedPageQueryDto } from '../contract/feed-query.dto';

/** `GET /v1/products`: the partner's catalogue slice, by id, a page at a time. */
export class ProductFeedQueryDto extends FeedPageQueryDto {}

/** `GET /v1/products/export`: the partner's whole catalogue slice, streamed. */
export class ProductExportQueryDto extends ChangedSinceQueryDto {}
