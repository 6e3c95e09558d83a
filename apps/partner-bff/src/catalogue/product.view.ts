import type { Product } from '@facet/domain';
import { type ContractMoney, toContractMoney } from '../contract/contract';

export interface PartnerProductImage {
  variant: string;
  url: string;
  width: number;
  height: number;
}

/** A product in the v1 partner contract (frozen: add fields, never rename or remove them). */
export interface PartnerProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price: ContractMoney;
  stock: number;
  attributes: Record<string, string>;
  images: PartnerProductImage[];
  created_at: string;
  updated_at: string;
}

export function toPartnerProduct(product: Product): PartnerProduct {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    category: product.category,
    price: toContractMoney(product.price),
    stock: product.stock,
    attributes: { ...product.attributes },
    images: product.images.map(({ variant, url, width, height }) => ({ variant, url, width, height })),
    created_at: product.createdAt,
    updated_at: product.updatedAt,
  };
}
