import { IsPageSize, IsUtcInstant } from '@facet/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** What every v1 feed filters by: what changed since when. */
export class ChangedSinceQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only items changed at or after this instant (UTC, ending in Z)' })
  @IsOptional()
  @IsUtcInstant()
  updated_since?: string;
}

/** A page of a v1 feed: where to go on from, and how much. */
export class FeedPageQueryDto extends ChangedSinceQueryDto {
  /** Checked by the cursor codec: 400 if not issued to this partner for this listing. */
  @ApiPropertyOptional({ description: "From the previous page's next_cursor or Link header" })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @IsPageSize()
  limit: number = 50;
}
