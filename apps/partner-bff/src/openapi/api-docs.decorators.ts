import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiResponse, ApiSecurity, getSchemaPath } from '@nestjs/swagger';
import { ProblemSchema } from '../contract/contract.schema';

/** The security schemes' names in the document: either way in works on every route. */
export const API_KEY_SCHEME = 'api-key';
export const CLIENT_CREDENTIALS_SCHEME = 'client-credentials';

const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': { description: 'The budget of this route class: "<class>";q=<requests>;w=<seconds>', schema: { type: 'string' } },
  RateLimit: { description: 'What is left of it: "<class>";r=<remaining>;t=<seconds to reset>', schema: { type: 'string' } },
};

const problem = (status: number, description: string, headers?: Record<string, { description: string; schema: object }>) =>
  ApiResponse({
    status,
    description,
    headers,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemSchema) } } },
  });

/** What every partner route shares in the document: its security, its rate-limit fields and its error answers. */
export function PartnerRoute(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemSchema),
    ApiSecurity(API_KEY_SCHEME),
    ApiBearerAuth(CLIENT_CREDENTIALS_SCHEME),
    problem(400, 'The request is invalid; `details.fields` names each problem'),
    problem(401, 'No valid API key or access token'),
    problem(403, 'The credential lacks a scope the route needs'),
    problem(429, 'Beyond the partner’s budget for this route class', {
      'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
      ...RATE_LIMIT_HEADERS,
    }),
    problem(503, 'A service a complete answer needs is unavailable', {
      'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
    }),
  );
}

/** A route with an `{id}` in its path: an id that names nothing the partner may see is a 404, never a 403. */
export const NamesAResource = (what: string): MethodDecorator =>
  problem(404, `No such ${what} for this partner (another partner's ${what} is a 404 too)`);

/** The `Idempotency-Key` header of a write, and the answers a write adds. */
export const IdempotencyKeyHeader = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description: 'A retry with the same key and body gets the first answer again, its status included, with Idempotent-Replayed: true',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    }),
    problem(409, 'The order is not in a state that takes this write (e.g. not paid yet, or already delivered)'),
    problem(413, 'The body is larger than the API accepts'),
    problem(422, 'The Idempotency-Key was used with another body'),
  );

/** Marks a write's answer that is a replay of the first one (same status, same body). */
export const IDEMPOTENT_REPLAYED_HEADER = {
  'Idempotent-Replayed': {
    description: '`true` when this is the first answer to the same Idempotency-Key and body again: nothing was done this time',
    schema: { type: 'string', enum: ['true'] },
  },
};

export const NDJSON = 'application/x-ndjson';

/**
 * An NDJSON body in a 3.1 document: a string for the body as a whole (what strict tools check and generators read),
 * and the line's schema in `x-item-schema` (OpenAPI 3.2 names this `itemSchema`), which Facet's tests check every line against.
 */
export const ndjsonOf = (line: new () => object): Record<string, unknown> => ({
  schema: { type: 'string', description: `Newline-delimited JSON: one ${line.name} per line` },
  'x-item-schema': { $ref: getSchemaPath(line) },
});

export { RATE_LIMIT_HEADERS };
