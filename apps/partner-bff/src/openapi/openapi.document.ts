import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { OrdersModule } from '../orders/orders.module';
import { API_KEY_SCHEME, CLIENT_CREDENTIALS_SCHEME } from './api-docs.decorators';

/** Where the checked-in v1 document lives, relative to the repository root. */
export const OPENAPI_V1_PATH = 'apps/partner-bff/openapi/v1.json';

/** The terms partners use the API under come with their agreement: an SPDX reference, not an open-source licence. */
const LICENSE = { name: 'Facet partner agreement', identifier: 'LicenseRef-Facet-Partner-Agreement' };

/**
 * The partner API's v1 OpenAPI document, generated from the controllers and the contract's schema classes. It is
 * checked in (OPENAPI_V1_PATH) and a test compares the two, so a change to the contract is always a deliberate one.
 *
 * OpenAPI 3.1 (JSON Schema 2020-12), because a nullable object is only expressible there: `oneOf`/`anyOf` with
 * `{ type: 'null' }`. @nestjs/swagger writes 3.0's `nullable` in the decorators and rewrites it for a 3.1 document;
 * 3.0's `nullable` beside `allOf: [$ref]` is read as "never null" by strict validators and generators.
 */
export function partnerApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Facet partner API')
    .setVersion('1')
    // Relative, so it resolves against wherever the document is served from (`<origin>/v1/openapi.json`): one
    // document for every deployment, and no Host header ever decides what it says.
    .addServer('/', 'The origin this document is served from')
    .setDescription(
      'A stable contract for partners’ servers: snake_case fields, ISO-8601 UTC timestamps, money as a decimal string ' +
        'with its currency, cursor pagination with Link headers, RFC 9457 problem details for every error, and the ' +
        'IETF RateLimit header fields. Fields may be added to v1; none is renamed or removed.',
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'fpk_<key id>_<secret>, issued by Facet' }, API_KEY_SCHEME)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A client-credentials token for the partner API audience' },
      CLIENT_CREDENTIALS_SCHEME,
    )
    .build();
  return SwaggerModule.createDocument(
    app,
    { ...config, info: { ...config.info, license: LICENSE } },
    {
      include: [CatalogueModule, OrdersModule],
    },
  );
}
