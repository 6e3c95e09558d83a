import type { Order, Product, User } from '@facet/domain';

export const ada: User = {
  id: 'u_0001',
  email: 'ada@example.test',
  givenName: 'Ada',
  familyName: 'Lovelace',
  displayName: 'Ada Lovelace',
  addresses: [
    { id: 'u_0001_a1', label: 'Home', line1: '12 High Street', city: 'London', postalCode: 'EC1A 1BB', country: 'GB', isDefault: true },
  ],
  preferences: { locale: 'en-GB', currency: 'GBP', marketingEmails: false },
  loyaltyTier: 'gold',
  createdAt: '2025-01-01T00:00:00.000Z',
};

/** A user whose locale is not the fallback's. */
export const grete: User = {
  ...ada,
  id: 'u_0002',
  email: 'grete@example.test',
  givenName: 'Grete',
  familyName: 'Weber',
  displayName: 'Grete Weber',
  preferences: { locale: 'de-DE', currency: 'EUR', marketingEmails: false },
};

export const product = (id: string, name = `Product ${id}`): Product => ({
  id,
  sku: `SKU-${id}`,
  name,
  description: `About ${name}`,
  price: { amount: 1250, currency: 'GBP' },
  category: 'books',
  images: [
    { variant: 'large', url: `https://img.test/${id}/l.jpg`, width: 800, height: 800 },
    { variant: 'thumbnail', url: `https://img.test/${id}/t.jpg`, width: 100, height: 100 },
  ],
  stock: 5,
  attributes: {},
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});

export const order = (id: string, productIds: string[], status: Order['status'] = 'paid'): Order => ({
  id,
  userId: 'u_0001',
  status,
  items: productIds.map((productId) => ({ productId, quantity: 2, unitPrice: { amount: 1250, currency: 'GBP' } })),
  total: { amount: 2500 * productIds.length, currency: 'GBP' },
  shippingAddress: ada.addresses[0],
  statusHistory: [
    { status: 'pending', at: '2026-01-01T10:00:00.000Z' },
    { status: 'paid', at: '2026-01-01T10:05:00.000Z' },
  ],
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:05:00.000Z',
});
