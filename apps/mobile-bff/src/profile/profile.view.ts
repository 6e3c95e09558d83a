import {
  type LoyaltyTier,
  type OrderCounts,
  type ShippingAddressOption,
  type User,
  defaultAddress,
  toShippingAddressOption,
} from '@facet/domain';
import type { DegradedPart } from '@facet/downstream';
import { withDegraded } from '../screen';

/** The account screen. What comes from the profile is null when the user service could not answer (see `degraded`). */
export interface ProfileView {
  displayName: string | null;
  email: string | null;
  loyaltyTier: LoyaltyTier | null;
  /** The locale the BFF formats prices in, and the currency the user prefers. */
  locale: string | null;
  currency: string | null;
  shippingAddresses: ShippingAddressOption[];
  defaultShippingAddressId: string | null;
  /** Every order the user has placed; null when the order service could not answer. */
  orderCount: number | null;
  degraded?: DegradedPart[];
}

export const PROFILE_FIELDS = [
  'displayName',
  'email',
  'loyaltyTier',
  'locale',
  'currency',
  'shippingAddresses',
  'defaultShippingAddressId',
  'orderCount',
] as const satisfies readonly (keyof ProfileView)[];

export interface ProfileData {
  user?: User;
  counts?: OrderCounts;
  degraded: readonly DegradedPart[];
}

export function toProfileView({ user, counts, degraded }: ProfileData): ProfileView {
  return withDegraded(
    {
      displayName: user?.displayName ?? null,
      email: user?.email ?? null,
      loyaltyTier: user?.loyaltyTier ?? null,
      locale: user?.preferences.locale ?? null,
      currency: user?.preferences.currency ?? null,
      shippingAddresses: (user?.addresses ?? []).map(toShippingAddressOption),
      defaultShippingAddressId: user ? (defaultAddress(user)?.id ?? null) : null,
      orderCount: counts ? Object.values(counts).reduce((sum, count) => sum + count, 0) : null,
    },
    degraded,
  );
}
