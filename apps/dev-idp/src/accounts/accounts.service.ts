import { createHash, timingSafeEqual } from 'node:crypto';
import { DEV_USER_PASSWORD, findSeedUserByEmail, seedUserById, type SeedUser } from '@facet/sandbox';
import { Injectable } from '@nestjs/common';
import type { Account, AccountClaims } from 'oidc-provider';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** The standard claims of a seeded user; oidc-provider releases the ones the granted scopes allow. */
export function accountClaims(user: SeedUser): AccountClaims {
  return {
    sub: user.id,
    name: user.displayName,
    given_name: user.name.given,
    family_name: user.name.family,
    email: user.email,
    email_verified: true,
  };
}

/** dev-idp's accounts are the reference world's seeded users, so a login and the user-service agree on who is who. */
@Injectable()
export class AccountsService {
  private readonly usersById = seedUserById();

  /** The user whose email and (dev-only, shared) password these are, or undefined. */
  authenticate(email: string, password: string): SeedUser | undefined {
    const user = findSeedUserByEmail(email);
    const passwordMatches = timingSafeEqual(digest(password), digest(DEV_USER_PASSWORD));
    return user && passwordMatches ? user : undefined;
  }

  findAccount(accountId: string): Account | undefined {
    const user = this.usersById.get(accountId);
    if (!user) return undefined;
    return { accountId: user.id, claims: () => accountClaims(user) };
  }
}
