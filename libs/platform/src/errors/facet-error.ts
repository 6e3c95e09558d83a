/**
 * The one error type that code throws on purpose. `code` is stable and machine-readable; the platform's
 * exception filter maps `status` onto the response and renders the one JSON error shape.
 */
export class FacetError extends Error {
  override readonly name: string = 'FacetError';

  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 500,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class NotFoundError extends FacetError {
  override readonly name = 'NotFoundError';
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} was not found`, 404, { [what.toLowerCase()]: id });
  }
}

export class ForbiddenError extends FacetError {
  override readonly name = 'ForbiddenError';
  constructor(message: string) {
    super('FORBIDDEN', message, 403);
  }
}

export class ConflictError extends FacetError {
  override readonly name = 'ConflictError';
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, 409, details);
  }
}

export class BadRequestError extends FacetError {
  override readonly name = 'BadRequestError';
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, 400, details);
  }
}

/** The JSON body of every error response, from every Facet app. */
export interface ErrorBody {
  error: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    requestId?: string;
  };
}
