// Regenerates partner-bff's checked-in v1 OpenAPI document from the code (`npm run openapi:partner`), after a
// deliberate change to the contract; the contract test compares the two.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = (file) => require(path.join(root, 'dist/stack', file));
require('reflect-metadata');

const { DEV_ONLY_APP_ENV } = dist('libs/testing/src/stack.js');
Object.assign(process.env, DEV_ONLY_APP_ENV['partner-bff'], { LOG_LEVEL: 'silent' });
const { NestFactory } = require('@nestjs/core');
const { PartnerBffModule } = dist('apps/partner-bff/src/partner-bff.module.js');
const { OPENAPI_V1_PATH, partnerApiDocument } = dist('apps/partner-bff/src/openapi/openapi.document.js');

const app = await NestFactory.create(PartnerBffModule, { logger: false });
writeFileSync(path.join(root, OPENAPI_V1_PATH), `${JSON.stringify(partnerApiDocument(app), null, 2)}\n`);
await app.close();
console.log(`wrote ${OPENAPI_V1_PATH}`);
