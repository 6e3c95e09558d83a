import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DEV_ONLY_APP_ENV, REPO_ROOT } from '@facet/testing';
import type { OpenAPIObject } from '@nestjs/swagger';
import { PartnerBffModule } from '../partner-bff.module';
import { OPENAPI_V1_PATH, partnerApiDocument } from './openapi.document';

/**
 * The contract snapshot: the document generated from the code must equal the checked-in one. A failure here means
 * the v1 contract changed; if that was meant (an added field, never a renamed or removed one), regenerate it with
 * `npm run openapi:partner` and commit the new document with the change.
 */
describe('partner API v1 contract', () => {
  let app: INestApplication;
  let generated: OpenAPIObject;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, DEV_ONLY_APP_ENV['partner-bff'], { LOG_LEVEL: 'silent' });
    app = (await Test.createTestingModule({ imports: [PartnerBffModule] }).compile()).createNestApplication();
    generated = partnerApiDocument(app);
  });

  afterAll(async () => {
    await app.close();
    process.env = saved;
  });

  it('is exactly the checked-in document', () => {
    const checkedIn: unknown = JSON.parse(readFileSync(path.join(REPO_ROOT, OPENAPI_V1_PATH), 'utf8'));
    expect(JSON.parse(JSON.stringify(generated))).toEqual(checkedIn);
  });

  it('describes every v1 route, both ways in, and problem details for errors', () => {
    expect(Object.keys(generated.paths).sort()).toEqual([
      '/v1/orders',
      '/v1/orders/{id}',
      '/v1/orders/{id}/shipments',
      '/v1/products',
      '/v1/products/export',
    ]);
    expect(Object.keys(generated.components?.securitySchemes ?? {}).sort()).toEqual(['api-key', 'client-credentials']);
    const listProducts = generated.paths['/v1/products'].get!;
    expect(Object.keys(listProducts.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '429', '503']));
    expect(JSON.stringify(generated.components?.schemas?.ProductSchema)).toContain('updated_at');
  });
});
