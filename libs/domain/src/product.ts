import type { Money } from './money';

/** Partner ids (`acme`, `globex-logistics`): a lower-case letter, then lower-case letters, digits or dashes. */
export const PARTNER_ID_FORMAT = /^[a-z][a-z0-9-]{1,39}$/;

/** Category ids as the catalogue names them (`kitchen`, `garden-tools`): lower-case words joined by dashes. */
export const CATEGORY_ID_FORMAT = /^[a-z0-9-]{1,40}$/;

export const IMAGE_VARIANTS = ['thumbnail', 'small', 'medium', 'large'] as const;
export type ImageVariant = (typeof IMAGE_VARIANTS)[number];

export interface ProductImage {
  variant: ImageVariant;
  url: string;
  width: number;
  height: number;
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: Money;
  category: string;
  images: ProductImage[];
  stock: number;
  attributes: Record<string, string>;
  /** The partner that sells it (its catalogue slice), e.g. `acme`. */
  partnerId: string;
  createdAt: string;
  updatedAt: string;
}

/** A category of the catalogue, with how many products it holds. */
export interface Category {
  id: string;
  name: string;
  productCount: number;
}

/** The smallest image at least `minWidth` wide, or the largest there is. */
export function pickImage(product: Pick<Product, 'images'>, minWidth: number): ProductImage | undefined {
  const sorted = [...product.images].sort((a, b) => a.width - b.width);
  return sorted.find((image) => image.width >= minWidth) ?? sorted.at(-1);
}
