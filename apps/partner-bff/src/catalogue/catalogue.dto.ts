import { IsPageSize } from '@facet/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { IsUtcInstant } from '../contract/contract';

/** `GET /v1/products`: the partner's catalogue slice, by id, a page at a time. */
export class ProductFeedQueryDto {
  /** From the previous page's `next_cursor` or `Link`; checked by the cursor codec (400 if not issued for this listing). */
  @ApiPropertyOptional({ description: "From the previous page's next_cursor or Link header" })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @IsPageSize()
  limit: number = 50;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only items changed at or after this instant (UTC, ending in Z)' })
  @IsOptional()
  @IsUtcInstant()
  updated_since?: string;
}

/** `GET /v1/products/export`: the partner's whole catalogue slice, streamed. */
export class ProductExportQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only items changed at or after this instant (UTC, ending in Z)' })
  @IsOptional()
  @IsUtcInstant()
  updated_since?: string;
}
