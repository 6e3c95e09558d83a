import type { User } from '@facet/domain';
import type { UserPayload } from '../contract/user.payload';
import { toAddress } from './common.mapper';

export function toUser(payload: UserPayload): User {
  return {
    id: payload.id,
    email: payload.email,
    givenName: payload.name.given,
    familyName: payload.name.family,
    displayName: payload.displayName,
    addresses: payload.addresses.map(toAddress),
    preferences: {
      locale: payload.preferences.locale,
      currency: payload.preferences.currency,
      marketingEmails: payload.preferences.marketingEmails,
    },
    loyaltyTier: payload.loyalty.tier,
    createdAt: payload.createdAt,
  };
}
