import type { Order, Product } from '@facet/domain';
import { type ContractMoney, toContractMoney } from '../contract/contract';

/** Why a partner sees an order: it fulfils it (sees all of it), or sells products in it (sees its own lines). */
export type PartnerRole = 'fulfilment' | 'seller';

export interface PartnerOrderLine {
  product_id: string;
  sku: string | null;
  quantity: number;
  unit_price: ContractMoney;
}

export interface PartnerAddress {
  line1: string;
  line2: string | null;
  city: string;
  postal_code: string;
  country: string;
}

export interface PartnerShipment {
  carrier: string;
  tracking_number: string;
  events: { at: string; description: string; location: string | null }[];
}

/** An order in the v1 partner contract (frozen: add fields, never rename or remove them). */
export interface PartnerOrder {
  id: string;
  status: string;
  role: PartnerRole;
  /** The lines the partner may see: every line for its fulfilment partner, its own products' lines for a seller. */
  lines: PartnerOrderLine[];
  /** The sum of `lines`. */
  lines_total: ContractMoney;
  /** Where to ship: for the fulfilment partner only. */
  shipping_address: PartnerAddress | null;
  /** For the fulfilment partner only. */
  shipment: PartnerShipment | null;
  created_at: string;
  updated_at: string;
}

/** The partner's relation to an order, or `undefined` when the order is none of its business. */
export function roleOf(order: Order, partnerId: string, products: ReadonlyMap<string, Product>): PartnerRole | undefined {
  if (order.fulfilmentPartnerId === partnerId) return 'fulfilment';
  return order.items.some((item) => products.get(item.productId)?.partnerId === partnerId) ? 'seller' : undefined;
}

/**
 * What a partner may see of an order: never the customer's id; the address and shipment only when it ships the
 * order; and, when it only sells in it, only its own lines (another seller's sales are not its business).
 */
export function toPartnerOrder(order: Order, role: PartnerRole, partnerId: string, products: ReadonlyMap<string, Product>): PartnerOrder {
  const items = role === 'fulfilment' ? order.items : order.items.filter((item) => products.get(item.productId)?.partnerId === partnerId);
  const fulfils = role === 'fulfilment';
  const address = order.shippingAddress;
  return {
    id: order.id,
    status: order.status,
    role,
    lines: items.map((item) => ({
      product_id: item.productId,
      sku: products.get(item.productId)?.sku ?? null,
      quantity: item.quantity,
      unit_price: toContractMoney(item.unitPrice),
    })),
    lines_total: toContractMoney({
      amount: items.reduce((sum, item) => sum + item.unitPrice.amount * item.quantity, 0),
      currency: order.total.currency,
    }),
    shipping_address: fulfils
      ? {
          line1: address.line1,
          line2: address.line2 ?? null,
          city: address.city,
          postal_code: address.postalCode,
          country: address.country,
        }
      : null,
    shipment:
      fulfils && order.shipment
        ? {
            carrier: order.shipment.carrier,
            tracking_number: order.shipment.trackingNumber,
            events: order.shipment.events.map((event) => ({
              at: event.at,
              description: event.description,
              location: event.location ?? null,
            })),
          }
        : null,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}
