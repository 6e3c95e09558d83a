import { grete } from '@facet/testing';
import { toProfileView } from './profile.view';

describe('toProfileView', () => {
  it('shows who the user is, their locale and currency, where they ship to and how many orders they placed', () => {
    const counts = { pending: 1, paid: 2, shipped: 3, delivered: 4, cancelled: 5 };
    expect(toProfileView({ user: grete, counts, degraded: [] })).toEqual({
      displayName: 'Grete Weber',
      email: 'grete@example.test',
      loyaltyTier: 'gold',
      locale: 'de-DE',
      currency: 'EUR',
      shippingAddresses: [{ id: 'u_0001_a1', summary: 'Home: 12 High Street, London', isDefault: true }],
      defaultShippingAddressId: 'u_0001_a1',
      orderCount: 15,
    });
  });

  it('answers with what it has and names what is missing', () => {
    const degraded = [
      { part: 'user', reason: 'unavailable' as const },
      { part: 'orderCount', reason: 'unavailable' as const },
    ];
    expect(toProfileView({ degraded })).toEqual({
      displayName: null,
      email: null,
      loyaltyTier: null,
      locale: null,
      currency: null,
      shippingAddresses: [],
      defaultShippingAddressId: null,
      orderCount: null,
      degraded,
    });
  });
});
