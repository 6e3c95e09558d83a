import { product } from '@facet/testing';
import { toPartnerProduct } from './product.view';

describe('toPartnerProduct', () => {
  it('renders the v1 contract: snake_case, money as an exact decimal string, no owner or internal fields', () => {
    const view = toPartnerProduct({ ...product('p_0007', 'Teapot'), price: { amount: 1999, currency: 'GBP' } });
    expect(view).toEqual({
      id: 'p_0007',
      sku: 'SKU-p_0007',
      name: 'Teapot',
      description: 'About Teapot',
      category: 'books',
      price: { amount: '19.99', currency: 'GBP' },
      stock: 5,
      attributes: {},
      images: [
        { variant: 'large', url: 'https://img.test/p_0007/l.jpg', width: 800, height: 800 },
        { variant: 'thumbnail', url: 'https://img.test/p_0007/t.jpg', width: 100, height: 100 },
      ],
      created_at: '2025-01-01T00:00:00.000Z',
      updated_at: '2025-01-01T00:00:00.000Z',
    });
  });
});
