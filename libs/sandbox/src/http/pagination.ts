import { applyDecorators } from '@nestjs/common';
import { RequestValidationError } from '@facet/platform';
import { IsString, Length } from 'class-validator';

/** Every listing's page size when the client gives no `limit`. */
export const DEFAULT_PAGE_SIZE = 20;

/** Far longer than any cursor a service issues, so only made-up input reaches this bound. */
const MAX_CURSOR_LENGTH = 200;

/** The `cursor` query parameter: a cursor from an earlier page's `nextCursor` (checked when decoded). */
export function IsCursor(): PropertyDecorator {
  return applyDecorators(IsString(), Length(1, MAX_CURSOR_LENGTH));
}

/** Opaque pagination cursors: the position after the last item returned, which clients must not parse. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * The position inside a cursor, accepted by `isPosition`; anything else is a `400` naming the field, since
 * a client that made up or damaged a cursor sent bad input.
 */
export function decodeCursor<T>(cursor: string, isPosition: (value: unknown) => value is T, field = 'cursor'): T {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    position = undefined;
  }
  if (!isPosition(position)) {
    throw new RequestValidationError([{ field, problems: [`${field} is not a cursor this service issued`] }]);
  }
  return position;
}
