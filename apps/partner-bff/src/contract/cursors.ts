/** A backend's own cursor, the position a signed v1 cursor carries. */
export const isBackendCursor = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 256;
