/** An amount in integer minor units (cents) with its ISO 4217 currency: no floating point money anywhere. */
export interface Money {
  amount: number;
  currency: string;
}

export function formatMoney(money: Money, locale = 'en-GB'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(money.amount / 100);
}

export function sumMoney(values: Money[], currency: string): Money {
  return { amount: values.reduce((total, value) => total + value.amount, 0), currency };
}
