import { decimalAmount, formatMoney, sumMoney } from './money';

describe('money', () => {
  it('formats integer minor units in the given locale and currency', () => {
    expect(formatMoney({ amount: 123456, currency: 'GBP' }, 'en-GB')).toBe('£1,234.56');
    expect(formatMoney({ amount: 123456, currency: 'EUR' }, 'de-DE')).toBe('1.234,56\u00a0€');
    expect(formatMoney({ amount: 5, currency: 'GBP' }, 'en-GB')).toBe('£0.05');
  });

  it('keeps formatting each locale and currency correctly once formatters are reused', () => {
    expect(formatMoney({ amount: 100, currency: 'GBP' }, 'en-GB')).toBe('£1.00');
    expect(formatMoney({ amount: 100, currency: 'USD' }, 'en-GB')).toBe('US$1.00');
    expect(formatMoney({ amount: 100, currency: 'GBP' }, 'en-GB')).toBe('£1.00');
  });

  it('gives the same text for a remembered amount, and stays right after its memory fills up and is cleared', () => {
    // One formatter for the expected texts: building one per amount would dominate the test's time.
    const expected = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
    for (let amount = 0; amount < 10_050; amount += 1) {
      expect(formatMoney({ amount, currency: 'EUR' }, 'de-DE')).toBe(expected.format(amount / 100));
    }
    expect(formatMoney({ amount: 123456, currency: 'EUR' }, 'de-DE')).toBe('1.234,56\u00a0€');
    expect(formatMoney({ amount: 123456, currency: 'EUR' }, 'en-GB')).toBe('€1,234.56');
  });

  it('adds amounts of one currency', () => {
    expect(
      sumMoney(
        [
          { amount: 150, currency: 'GBP' },
          { amount: 250, currency: 'GBP' },
        ],
        'GBP',
      ),
    ).toEqual({ amount: 400, currency: 'GBP' });
  });
});

describe('decimalAmount', () => {
  it.each([
    [{ amount: 1234, currency: 'GBP' }, '12.34'],
    [{ amount: 5, currency: 'GBP' }, '0.05'],
    [{ amount: 0, currency: 'EUR' }, '0.00'],
    [{ amount: -250, currency: 'GBP' }, '-2.50'],
    [{ amount: 1234, currency: 'JPY' }, '1234'],
    [{ amount: 1234, currency: 'BHD' }, '1.234'],
    [{ amount: 123456789012, currency: 'USD' }, '1234567890.12'],
  ])('renders %o as %s, exactly', (money, text) => {
    expect(decimalAmount(money)).toBe(text);
  });
});
