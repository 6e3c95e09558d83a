import type { User } from '@facet/domain';
import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { type BatchRoute, type Lookup, batchLookup, notFound } from '../batching/batch-lookup';
import { payloadDecoder } from '../contract/decode';
import { UserBatchPayload, type UserPayload } from '../contract/user.payload';
import { DownstreamRuntime } from '../downstream.runtime';
import { Credentials } from '../identity/credentials';
import { toUser } from '../mapping/user.mapper';
import type { CallOptions } from './call-options';

const SERVICE = 'users';
const BATCH: BatchRoute<UserPayload, User> = {
  service: SERVICE,
  route: 'GET /users?ids',
  path: '/users',
  decode: payloadDecoder(UserBatchPayload),
  map: toUser,
  noun: 'User',
};

/** The user service. Lookups by id within one incoming request are batched into `GET /users?ids=`. */
@Injectable()
export class UsersClient {
  constructor(@Inject(DownstreamRuntime) private readonly runtime: DownstreamRuntime) {}

  /** One user; a missing id is a `DownstreamError` 404 `NOT_FOUND`. */
  async getUser(id: string, options: CallOptions = {}): Promise<User> {
    const started = performance.now();
    const user = await this.loader(options).load(id);
    if (user === null) throw notFound(BATCH, id, performance.now() - started);
    return user;
  }

  private loader(options: CallOptions): DataLoader<string, User | null> {
    const key = `${SERVICE}:${Credentials.key(options.identity, this.runtime.options.defaultIdentity)}`;
    return this.runtime.scope.loader(key, () => new DataLoader<string, User | null>((ids) => this.loadBatch(ids, options)));
  }

  private async loadBatch(ids: readonly string[], options: CallOptions): Promise<Lookup<User>[]> {
    const results = await batchLookup(this.runtime, BATCH, ids, options.identity);
    return ids.map((id) => results.get(id)!);
  }
}
