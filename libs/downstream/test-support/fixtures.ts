import type { ProductPayload } from '../src/contract/product.payload';
import type { UserPayload } from '../src/contract/user.payload';
import type { OrderPayload } from '../src/contract/order.payload';

export function productPayload(id: string, overrides: Partial<ProductPayload> = {}): ProductPayload {
  return {
    id,
    sku: `SKU-${id}`,
    name: `Product ${id}`,
    description: 'A fine thing',
    price: { amount: 1999, currency: 'EUR' },
    category: 'kitchen',
    images: [{ variant: 'thumbnail', url: `https://img.example.test/${id}/t.jpg`, width: 100, height: 100 }],
    stock: 7,
    attributes: { colour: 'red' },
    partnerId: 'acme',
    createdAt: '2024-01-02T03:04:05.000Z',
    updatedAt: '2024-02-03T04:05:06.000Z',
    ...overrides,
  };
}

export function userPayload(id: string): UserPayload {
  return {
    id,
    email: `${id}@example.test`,
    name: { given: 'Ada', family: 'Lovelace' },
    displayName: 'Ada L.',
    addresses: [{ id: 'a1', label: 'Home', line1: '1 Main St', city: 'London', postalCode: 'N1', country: 'GB', isDefault: true }],
    preferences: { locale: 'en-GB', currency: 'GBP', marketingEmails: false },
    loyalty: { tier: 'gold', points: 1200 },
    createdAt: '2023-05-06T07:08:09.000Z',
  };
}

export function orderPayload(id: string, overrides: Partial<OrderPayload> = {}): OrderPayload {
  return {
    id,
    userId: 'u_0001',
    status: 'paid',
    items: [{ productId: 'p_0001', quantity: 2, unitPrice: { amount: 500, currency: 'EUR' } }],
    total: { amount: 1000, currency: 'EUR' },
    shippingAddress: {
      id: 'a1',
      label: 'Home',
      line1: '1 Main St',
      line2: 'Flat 2',
      city: 'London',
      postalCode: 'N1',
      country: 'GB',
      isDefault: true,
    },
    statusHistory: [
      { status: 'pending', at: '2024-01-01T00:00:00.000Z' },
      { status: 'paid', at: '2024-01-01T00:05:00.000Z', note: 'card' },
    ],
    fulfilmentPartnerId: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:05:00.000Z',
    ...overrides,
  };
}
