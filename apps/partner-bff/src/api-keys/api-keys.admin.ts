import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type ApiKeyDescription, ApiKeyRegistry, KEY_ID_FORMAT } from '@facet/auth';
import {
  FacetError,
  type ManagementAnswer,
  type ManagementRequest,
  ManagementRoutes,
  NotFoundError,
  RequestValidationError,
  toFieldProblems,
} from '@facet/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PartnerBffConfig } from '../partner-bff.config';
import { IssueApiKeyDto, ListApiKeysQueryDto } from './api-keys.dto';

class AdminUnauthenticatedError extends FacetError {
  constructor() {
    super('UNAUTHENTICATED', 'The admin routes need Authorization: Bearer <PARTNER_ADMIN_TOKEN>', 401);
  }
}

/** A key as operators see it: snake_case like the rest of the partner contract, never the digest. */
const toKeyView = (key: ApiKeyDescription) => ({
  key_id: key.keyId,
  partner_id: key.partnerId,
  scopes: key.scopes,
  label: key.label,
  created_at: key.createdAt,
  expires_at: key.expiresAt,
});

function validated<T extends object>(type: new () => T, input: unknown): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RequestValidationError([{ field: 'body', problems: ['the body must be a JSON object'] }]);
  }
  const value = plainToInstance(type, input);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new RequestValidationError(toFieldProblems(errors));
  return value;
}

/**
 * The operator's API-key routes, on the management port (never the public one): issue a key for a partner
 * (`POST /admin/api-keys`: the key is in this answer only), list a partner's keys, revoke one
 * (`DELETE /admin/api-keys/{key_id}`: refused on every replica from the next request). Each call presents
 * PARTNER_ADMIN_TOKEN, compared in constant time; each issue and revocation is logged with its key id.
 */
@Injectable()
export class ApiKeysAdmin implements OnModuleInit {
  private readonly logger = new Logger('ApiKeysAdmin');
  private readonly adminToken: Buffer;

  constructor(
    private readonly routes: ManagementRoutes,
    private readonly registry: ApiKeyRegistry,
    private readonly config: PartnerBffConfig,
  ) {
    this.adminToken = Buffer.from(config.PARTNER_ADMIN_TOKEN, 'utf8');
  }

  onModuleInit(): void {
    this.routes.register({ method: 'POST', path: '/admin/api-keys', handle: (request) => this.issue(request) });
    this.routes.register({ method: 'GET', path: '/admin/api-keys', handle: (request) => this.list(request) });
    this.routes.register({ method: 'DELETE', path: '/admin/api-keys/:keyId', handle: (request) => this.revoke(request) });
  }

  private async issue(request: ManagementRequest): Promise<ManagementAnswer> {
    this.authorize(request.headers);
    const input = validated(IssueApiKeyDto, request.body);
    const { key, description } = await this.registry.issue({
      partnerId: input.partner_id,
      scopes: input.scopes,
      label: input.label,
      validDays: input.valid_days ?? this.config.API_KEY_DEFAULT_VALID_DAYS,
    });
    this.logger.log(`issued API key ${description.keyId} for partner ${description.partnerId}`);
    return { status: 201, body: { api_key: key, ...toKeyView(description) } };
  }

  private async list(request: ManagementRequest): Promise<ManagementAnswer> {
    this.authorize(request.headers);
    const { partner_id } = validated(ListApiKeysQueryDto, Object.fromEntries(request.query));
    return { status: 200, body: { data: (await this.registry.keysOf(partner_id)).map(toKeyView) } };
  }

  private async revoke(request: ManagementRequest): Promise<ManagementAnswer> {
    this.authorize(request.headers);
    const keyId = request.params.keyId;
    if (!KEY_ID_FORMAT.test(keyId)) throw new RequestValidationError([{ field: 'key_id', problems: ['key_id must be 16 hex characters'] }]);
    if (!(await this.registry.revoke(keyId))) throw new NotFoundError('API key', keyId);
    this.logger.log(`revoked API key ${keyId}`);
    return { status: 200, body: { key_id: keyId, revoked: true } };
  }

  private authorize(headers: IncomingHttpHeaders): void {
    const presented = Buffer.from(/^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1] ?? '', 'utf8');
    const ok = presented.length === this.adminToken.length && timingSafeEqual(presented, this.adminToken);
    if (!ok) throw new AdminUnauthenticatedError();
  }
}
