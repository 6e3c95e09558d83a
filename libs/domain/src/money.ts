/** An amount in integer minor units (cents) with its ISO 4217 currency: no floating point money anywhere. */
export interface Money {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Formatters are costly to build and immutable, so one per locale and currency is kept. */
export function formatMoney(money: Money, locale = 'en-GB'): string {
  const key = `${locale}|${money.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
    formatters.set(key, formatter);
  }
  return formatter.format(money.amount / 100);
}

export function sumMoney(values: Money[], currency: string): Money {
  return { amount: values.reduce((total, value) => total + value.amount, 0), currency };
}
