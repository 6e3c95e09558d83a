import { IsPageSize } from '@facet/platform';
import { IsOptional, IsString } from 'class-validator';

/** `GET /v1/orders`: a page of the caller's orders, newest first. */
export class OrderListQueryDto {
  /** From the previous page's `nextCursor`; absent for the first page. Checked by the cursor codec (400 if not ours). */
  @IsOptional()
  @IsString()
  cursor?: string;

  @IsOptional()
  @IsPageSize()
  limit: number = 20;

  /** e.g. `id,status,total`: only these fields of each row (see ORDER_ROW_FIELDS). */
  @IsOptional()
  @IsString()
  fields?: string;
}

/** `GET /v1/orders/:id`. */
export class OrderDetailQueryDto {
  /** Only these fields of the order (see ORDER_DETAIL_FIELDS). */
  @IsOptional()
  @IsString()
  fields?: string;
}
