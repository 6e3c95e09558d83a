import { type Money, decimalAmount } from '@facet/domain';

/** Money in the v1 contract: an exact decimal string in major units, and its ISO 4217 currency. */
export interface ContractMoney {
  amount: string;
  currency: string;
}

export function toContractMoney(money: Money): ContractMoney {
  return { amount: decimalAmount(money), currency: money.currency };
}

/** A page of a v1 listing: the items, and the cursor of the next page (also in the `Link` header), or null. */
export interface ContractPage<T> {
  data: T[];
  next_cursor: string | null;
}
