import { RequestValidationError } from '@facet/platform';

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
