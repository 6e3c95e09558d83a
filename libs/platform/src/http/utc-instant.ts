import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/**
 * An instant query parameter (`updatedSince`, `updated_since`): an ISO-8601 date-time in UTC,
 * `2026-11-01T00:00:00Z` or with milliseconds. A date alone, a week date or a time without a zone is refused: the
 * last would be read in the server's own time zone, and the others are ISO-8601 that `Date.parse` cannot read.
 */
export function IsUtcInstant(): PropertyDecorator {
  return applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 date-time, e.g. 2026-11-01T00:00:00Z' }),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, { message: '$property must be in UTC, ending in Z' }),
  );
}
