import { type Money, decimalAmount } from '@facet/domain';
import { IsISO8601, Matches } from 'class-validator';
import { applyDecorators } from '@nestjs/common';

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

/** `updated_since`: an ISO-8601 instant in UTC (`2026-11-01T00:00:00Z`), so no partner's local clock is guessed at. */
export const IsUtcInstant = (): PropertyDecorator =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 date-time, e.g. 2026-11-01T00:00:00Z' }),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, { message: '$property must be in UTC, ending in Z' }),
  );
