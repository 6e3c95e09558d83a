import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { OrdersModule } from '../orders/orders.module';
import { API_KEY_SCHEME, CLIENT_CREDENTIALS_SCHEME } from './api-docs.decorators';

/** Where the checked-in v1 document lives, relative to the repository root. */
export const OPENAPI_V1_PATH = 'apps/partner-bff/openapi/v1.json';

/**
 * The partner API's v1 OpenAPI document, generated from the controllers and the contract's schema classes. It is
 * checked in (OPENAPI_V1_PATH) and a test compares the two, so a change to the contract is always a deliberate one.
 */
export function partnerApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Facet partner API')
    .setVersion('1')
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
  return SwaggerModule.createDocument(app, config, { include: [CatalogueModule, OrdersModule] });
}
