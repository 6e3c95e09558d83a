import type { User } from '@facet/domain';
import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { chunk } from '../batching/request-scope';
import { payloadDecoder } from '../contract/decode';
import { UserBatchPayload } from '../contract/user.payload';
import { DownstreamRuntime } from '../downstream.runtime';
import { DownstreamError } from '../errors/downstream-error';
import { Credentials } from '../identity/credentials';
import { toUser } from '../mapping/user.mapper';
import type { CallOptions } from './call-options';

const SERVICE = 'users';
const BATCH_ROUTE = 'GET /users?ids';
const decodeBatch = payloadDecoder(UserBatchPayload);

/** The user service. Lookups by id within one incoming request are batched into `GET /users?ids=`. */
@Injectable()
export class UsersClient {
  constructor(@Inject(DownstreamRuntime) private readonly runtime: DownstreamRuntime) {}

  /** One user; a missing id is a `DownstreamError` 404 `NOT_FOUND`. */
  async getUser(id: string, options: CallOptions = {}): Promise<User> {
    const started = performance.now();
    const user = await this.loader(options).load(id);
    if (user === null) {
      throw new DownstreamError({
        service: SERVICE,
        kind: 'not-found',
        route: BATCH_ROUTE,
        durationMs: performance.now() - started,
        upstream: { status: 404, code: 'NOT_FOUND', message: `User ${id} was not found`, details: { user: id } },
      });
    }
    return user;
  }

  private loader(options: CallOptions): DataLoader<string, User | null> {
    const key = `${SERVICE}:${Credentials.key(options.identity, this.runtime.options.defaultIdentity)}`;
    return this.runtime.scope.loader(key, () => new DataLoader<string, User | null>((ids) => this.loadBatch(ids, options)));
  }

  private async loadBatch(ids: readonly string[], options: CallOptions): Promise<(User | null | DownstreamError)[]> {
    const results = new Map<string, User | null | DownstreamError>();
    const chunks = chunk([...ids].sort(), this.runtime.options.maxBatchSize);
    await Promise.all(
      chunks.map(async (part) => {
        this.runtime.metrics.batch(SERVICE, BATCH_ROUTE, part.length);
        try {
          const { body } = await this.runtime.services.users.send(
            { method: 'GET', route: BATCH_ROUTE, path: '/users', query: { ids: part.join(',') }, identity: options.identity },
            decodeBatch,
          );
          for (const item of body.items) results.set(item.id, toUser(item));
        } catch (error) {
          if (!(error instanceof DownstreamError)) throw error;
          for (const id of part) results.set(id, error);
        }
      }),
    );
    return ids.map((id) => results.get(id) ?? null);
  }
}
