import type { Address, Money } from '@facet/domain';
import type { AddressPayload, MoneyPayload } from '../contract/common.payload';

export function toMoney(payload: MoneyPayload): Money {
  return { amount: payload.amount, currency: payload.currency };
}

export function toAddress(payload: AddressPayload): Address {
  return {
    id: payload.id,
    label: payload.label,
    line1: payload.line1,
    ...(typeof payload.line2 === 'string' && { line2: payload.line2 }),
    city: payload.city,
    postalCode: payload.postalCode,
    country: payload.country,
    isDefault: payload.isDefault,
  };
}
