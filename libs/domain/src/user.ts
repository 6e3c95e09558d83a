export const LOYALTY_TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;
export type LoyaltyTier = (typeof LOYALTY_TIERS)[number];

export interface Address {
  id: string;
  label: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
  isDefault: boolean;
}

export interface UserPreferences {
  locale: string;
  currency: string;
  marketingEmails: boolean;
}

export interface User {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  displayName: string;
  addresses: Address[];
  preferences: UserPreferences;
  loyaltyTier: LoyaltyTier;
  createdAt: string;
}

export function defaultAddress(user: Pick<User, 'addresses'>): Address | undefined {
  return user.addresses.find((address) => address.isDefault) ?? user.addresses[0];
}
