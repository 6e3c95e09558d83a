import { product } from '@facet/testing';
import { toProductDetailView } from './catalogue.view';

describe('mobile catalogue views', () => {
  it('makes a product screen with a phone-sized image, the stock and whether it is running low', () => {
    const kettle = { ...product('p_0001', 'Kettle'), attributes: { capacity: '1 l' } };
    expect(toProductDetailView(kettle, 'en-GB')).toEqual({
      id: 'p_0001',
      name: 'Kettle',
      description: 'About Kettle',
      category: 'books',
      imageUrl: 'https://img.test/p_0001/l.jpg',
      price: { amount: 1250, currency: 'GBP', formatted: '£12.50' },
      stock: 5,
      inStock: true,
      lowStock: true,
      attributes: { capacity: '1 l' },
    });
    expect(toProductDetailView({ ...kettle, stock: 0 }, 'en-GB')).toMatchObject({ inStock: false, lowStock: false });
    expect(toProductDetailView({ ...kettle, stock: 40 }, 'en-GB')).toMatchObject({ inStock: true, lowStock: false });
  });
});
