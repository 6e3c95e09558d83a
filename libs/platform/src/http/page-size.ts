import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** The most items any Facet listing answers with in one page, backend or BFF. */
const MAX_PAGE_SIZE = 100;

/** A page-size query parameter (`limit`, `pageSize`): a whole number of items, 1 to MAX_PAGE_SIZE. */
export function IsPageSize(): PropertyDecorator {
  return applyDecorators(
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE_SIZE),
  );
}
