import { type Category, type MoneyView, type Product, type ProductCardView, pickImage, toMoneyView } from '@facet/domain';
import type { DegradedPart } from '@facet/downstream';
import { PHONE_IMAGE_MIN_WIDTH } from '../screen';

/** Few enough left that the phone says so ("only 3 left"). */
export const LOW_STOCK = 5;

/** One row of a catalogue search: what a phone's list shows (the card every shop uses), priced in the user's locale. */
export type ProductRowView = ProductCardView;

export const PRODUCT_ROW_FIELDS = ['id', 'name', 'thumbnailUrl', 'price', 'inStock'] as const satisfies readonly (keyof ProductRowView)[];

export interface ProductListView {
  items: Partial<ProductRowView>[];
  /** Opaque and signed: pass it back as `cursor` for the next page of the same search; null on the last page. */
  nextCursor: string | null;
  degraded?: DegradedPart[];
}

/** A product's own screen, phone-sized. */
export interface ProductDetailView {
  id: string;
  name: string;
  description: string;
  category: string;
  /** A phone-sized image (the smallest at least a phone screen wide). */
  imageUrl: string | null;
  /** In the catalogue's currency, with `formatted` in the user's locale. */
  price: MoneyView;
  /** Units to be had now. */
  stock: number;
  inStock: boolean;
  /** Few left (at most LOW_STOCK): worth saying on the screen. */
  lowStock: boolean;
  attributes: Record<string, string>;
  degraded?: DegradedPart[];
}

export const PRODUCT_DETAIL_FIELDS = [
  'id',
  'name',
  'description',
  'category',
  'imageUrl',
  'price',
  'stock',
  'inStock',
  'lowStock',
  'attributes',
] as const satisfies readonly (keyof ProductDetailView)[];

export interface CategoryListView {
  items: Category[];
}

export function toProductDetailView(product: Product, locale: string): ProductDetailView {
  return {
    id: product.id,
    name: product.name,
    description: product.description,
    category: product.category,
    imageUrl: pickImage(product, PHONE_IMAGE_MIN_WIDTH)?.url ?? null,
    price: toMoneyView(product.price, locale),
    stock: product.stock,
    inStock: product.stock > 0,
    lowStock: product.stock > 0 && product.stock <= LOW_STOCK,
    attributes: { ...product.attributes },
  };
}
