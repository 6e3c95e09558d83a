/** An amount in integer minor units (cents) with its ISO 4217 currency: no floating point money anywhere. */
export interface Money {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();
const formatted = new Map<string, string>();
/** Prices repeat (a catalogue has few price points), so their texts are kept, up to this many. */
const MAX_FORMATTED = 10_000;

/** Formatters are costly to build and immutable, so one per locale and currency is kept, and so are their texts. */
export function formatMoney(money: Money, locale = 'en-GB'): string {
  const key = `${locale}|${money.currency}`;
  const textKey = `${key}|${money.amount}`;
  const known = formatted.get(textKey);
  if (known !== undefined) return known;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
    formatters.set(key, formatter);
  }
  const text = formatter.format(money.amount / 100);
  if (formatted.size >= MAX_FORMATTED) formatted.clear();
  formatted.set(textKey, text);
  return text;
}

export function sumMoney(values: Money[], currency: string): Money {
  return { amount: values.reduce((total, value) => total + value.amount, 0), currency };
}

const minorDigits = new Map<string, number>();

/** How many minor-unit digits a currency has (GBP 2, JPY 0, BHD 3), from ISO 4217 as Intl knows it. */
export function minorUnitDigits(currency: string): number {
  let digits = minorDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigits.set(currency, digits);
  }
  return digits;
}

/** The amount as an exact decimal string in major units (`1234` GBP → `"12.34"`), for contracts that carry money as text. */
export function decimalAmount(money: Money): string {
  const digits = minorUnitDigits(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const text = String(Math.abs(money.amount)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
