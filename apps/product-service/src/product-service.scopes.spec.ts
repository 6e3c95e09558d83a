import { scopesByRoute } from '@facet/testing';
import { CategoriesController } from './catalogue/categories.controller';
import { ProductsController } from './catalogue/products.controller';

describe('product-service scopes', () => {
  it('asks products:read of every route', () => {
    expect(scopesByRoute(ProductsController, CategoriesController)).toEqual({
      'GET /products': ['products:read'],
      'GET /products/:id': ['products:read'],
      'GET /categories': ['products:read'],
    });
  });
});
