import type { Category, Page, Product } from '@facet/domain';
import type { CategoryListPayload, ProductPayload, ProductSearchPayload } from '../contract/product.payload';
import { toMoney } from './common.mapper';

export function toProduct(payload: ProductPayload): Product {
  return {
    id: payload.id,
    sku: payload.sku,
    name: payload.name,
    description: payload.description,
    price: toMoney(payload.price),
    category: payload.category,
    images: payload.images.map((image) => ({ variant: image.variant, url: image.url, width: image.width, height: image.height })),
    stock: payload.stock,
    attributes: { ...payload.attributes },
    partnerId: payload.partnerId,
    createdAt: payload.createdAt,
    updatedAt: payload.updatedAt,
  };
}

export function toProductPage(payload: ProductSearchPayload): Page<Product> {
  return { items: payload.items.map(toProduct), nextCursor: payload.nextCursor ?? null, totalCount: payload.totalCount };
}

export function toCategories(payload: CategoryListPayload): Category[] {
  return payload.items.map((category) => ({ id: category.id, name: category.name, productCount: category.productCount }));
}
