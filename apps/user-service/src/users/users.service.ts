import { Injectable } from '@nestjs/common';
import type { BearerPrincipal } from '@facet/auth';
import { NotFoundError } from '@facet/platform';
import { type BatchResult, type SeedUser, batchLookup, seedUserById } from '@facet/sandbox';

/**
 * The seeded user profiles. A user's token sees only that user: any other id is answered as missing
 * (`404`), so ids cannot be probed; a service token sees everyone.
 */
@Injectable()
export class UsersService {
  private readonly byId = seedUserById();

  get(caller: BearerPrincipal, id: string): SeedUser {
    const user = this.visible(caller, id);
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  batch(caller: BearerPrincipal, ids: readonly string[]): BatchResult<SeedUser> {
    return batchLookup(ids, (id) => this.visible(caller, id));
  }

  private visible(caller: BearerPrincipal, id: string): SeedUser | undefined {
    return caller.isUser && caller.subject !== id ? undefined : this.byId.get(id);
  }
}
