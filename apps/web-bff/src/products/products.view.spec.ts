import { grete, product } from '@facet/testing';
import { RELATED_PRODUCTS, toProductListView, toProductPageView } from './products.view';

const categories = [
  { id: 'books', name: 'Books', productCount: 100 },
  { id: 'kitchen', name: 'Kitchen', productCount: 100 },
];

describe('toProductListView', () => {
  it('shows the search, every category and a card per product, priced in the user’s locale', () => {
    const view = toProductListView({
      query: { q: 'pen' },
      page: { items: [product('p_0001', 'Pen'), { ...product('p_0002', 'Ink'), stock: 0 }], nextCursor: 'backend', totalCount: 40 },
      nextCursor: 'signed',
      categories,
      user: grete,
      degraded: [],
    });
    expect(view).toEqual({
      q: 'pen',
      category: null,
      categories,
      products: [
        {
          id: 'p_0001',
          name: 'Pen',
          thumbnailUrl: 'https://img.test/p_0001/t.jpg',
          price: expect.objectContaining({ formatted: '12,50\u00a0£' }),
          inStock: true,
        },
        { id: 'p_0002', name: 'Ink', thumbnailUrl: 'https://img.test/p_0002/t.jpg', price: expect.any(Object), inStock: false },
      ],
      totalCount: 40,
      nextCursor: 'signed',
      degraded: [],
    });
  });

  it('still lists the products without categories or profile: no categories, prices in the fallback locale', () => {
    const degraded = [
      { part: 'categories', reason: 'unavailable' as const },
      { part: 'user', reason: 'unavailable' as const },
    ];
    const view = toProductListView({
      query: {},
      page: { items: [product('p_0001')], nextCursor: null, totalCount: 1 },
      nextCursor: null,
      degraded,
    });
    expect(view).toMatchObject({ categories: [], products: [{ price: { formatted: '£12.50' } }], nextCursor: null, degraded });
  });
});

describe('toProductPageView', () => {
  const lamp = { ...product('p_0010', 'Lamp'), attributes: { colour: 'oat' }, stock: 3 };

  it('shows every image and attribute, the stock and the category’s name, and other in-stock products of the category', () => {
    const others = Array.from({ length: RELATED_PRODUCTS + 2 }, (_, i) => product(`p_00${20 + i}`));
    others[1] = { ...others[1], stock: 0 };
    const view = toProductPageView({
      product: lamp,
      categories,
      sameCategory: { items: [lamp, ...others], nextCursor: null, totalCount: 9 },
      user: grete,
      degraded: [],
    });
    expect(view.product).toMatchObject({
      id: 'p_0010',
      stock: 3,
      inStock: true,
      attributes: { colour: 'oat' },
      images: lamp.images,
      price: { formatted: '12,50\u00a0£' },
    });
    expect(view.category).toEqual({ id: 'books', name: 'Books' });
    expect(view.related.map((related) => related.id)).toEqual(['p_0020', 'p_0022', 'p_0023', 'p_0024', 'p_0025', 'p_0026']);
  });

  it('still shows the product alone when what surrounds it is unavailable', () => {
    const degraded = [{ part: 'related', reason: 'unavailable' as const }];
    expect(toProductPageView({ product: lamp, degraded })).toMatchObject({ category: { id: 'books', name: null }, related: [], degraded });
  });
});
