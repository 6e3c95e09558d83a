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

/** The `Idempotency-Key` header of a write. */
export const IdempotencyKeyHeader = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: true, description: 'A retry with the same key and body returns the first answer' }),
    problem(422, 'The Idempotency-Key was used with another body'),
  );

export { RATE_LIMIT_HEADERS };
