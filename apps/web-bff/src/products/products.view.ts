import {
  type Category,
  type MoneyView,
  type Page,
  type Product,
  type ProductCardView,
  type User,
  localeOf,
  toMoneyView,
  toProductCardView,
} from '@facet/domain';
import type { DegradedPart } from '@facet/downstream';

/** How many related products a product page shows. */
export const RELATED_PRODUCTS = 6;

/** Everything a product page shows of the product: every image, every attribute. */
export interface ProductDetailView {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price: MoneyView;
  images: Product['images'];
  attributes: Record<string, string>;
  inStock: boolean;
}

export function toProductDetailView(product: Product, locale: string): ProductDetailView {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    category: product.category,
    price: toMoneyView(product.price, locale),
    images: product.images,
    attributes: product.attributes,
    inStock: product.stock > 0,
  };
}

/** The shop page: a page of products for the search, and every category to narrow it by, in one answer. */
export interface ProductListView {
  q: string | null;
  category: string | null;
  /** Every category with its product count; empty when the catalogue's categories are unavailable (see `degraded`). */
  categories: Category[];
  products: ProductCardView[];
  /** How many products match the search in all. */
  totalCount: number;
  /** Pass it back as `cursor` for the next page; null on the last one. Signed: bound to the user and this search. */
  nextCursor: string | null;
  degraded: DegradedPart[];
}

export interface ProductListData {
  query: { q?: string; category?: string };
  page: Page<Product>;
  nextCursor: string | null;
  categories?: Category[];
  user?: User;
  degraded: DegradedPart[];
}

export function toProductListView(data: ProductListData): ProductListView {
  const locale = localeOf(data.user);
  return {
    q: data.query.q ?? null,
    category: data.query.category ?? null,
    categories: data.categories ?? [],
    products: data.page.items.map((product) => toProductCardView(product, locale)),
    totalCount: data.page.totalCount,
    nextCursor: data.nextCursor,
    degraded: data.degraded,
  };
}

/** A product page: the product with its stock, its category's name and other products of the category. */
export interface ProductPageView {
  product: ProductDetailView & { stock: number };
  /** `name` is null when the categories are unavailable. */
  category: { id: string; name: string | null };
  /** Other in-stock products of the same category; empty when they could not be fetched. */
  related: ProductCardView[];
  degraded: DegradedPart[];
}

export interface ProductPageData {
  product: Product;
  categories?: Category[];
  sameCategory?: Page<Product>;
  user?: User;
  degraded: DegradedPart[];
}

export function toProductPageView(data: ProductPageData): ProductPageView {
  const locale = localeOf(data.user);
  const { product } = data;
  return {
    product: { ...toProductDetailView(product, locale), stock: product.stock },
    category: { id: product.category, name: data.categories?.find((category) => category.id === product.category)?.name ?? null },
    related: (data.sameCategory?.items ?? [])
      .filter((other) => other.id !== product.id && other.stock > 0)
      .slice(0, RELATED_PRODUCTS)
      .map((other) => toProductCardView(other, locale)),
    degraded: data.degraded,
  };
}
