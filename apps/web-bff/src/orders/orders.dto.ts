import { ORDER_STATUSES, type OrderStatus } from '@facet/domain';
import { IsPageSize } from '@facet/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class OrdersQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page: number = 1;

  @IsOptional()
  @IsPageSize()
  pageSize: number = 10;

  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}
