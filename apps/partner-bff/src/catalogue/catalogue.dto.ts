import { IsPageSize } from '@facet/platform';
import { IsOptional, IsString } from 'class-validator';
import { IsUtcInstant } from '../contract/contract';

/** `GET /v1/products`: the partner's catalogue slice, by id, a page at a time. */
export class ProductFeedQueryDto {
  /** From the previous page's `next_cursor` or `Link`; checked by the cursor codec (400 if not issued for this listing). */
  @IsOptional()
  @IsString()
  cursor?: string;

  @IsOptional()
  @IsPageSize()
  limit: number = 50;

  /** Only products changed at or after this instant. */
  @IsOptional()
  @IsUtcInstant()
  updated_since?: string;
}

/** `GET /v1/products/export`: the partner's whole catalogue slice, streamed. */
export class ProductExportQueryDto {
  /** Only products changed at or after this instant. */
  @IsOptional()
  @IsUtcInstant()
  updated_since?: string;
}
