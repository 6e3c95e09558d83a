import { RequestValidationError } from '@facet/platform';
import { parseCart } from './cart';

function problemOf(raw: unknown): string {
  try {
    parseCart(raw);
  } catch (error) {
    if (error instanceof RequestValidationError) {
      expect(error.fields.map((field) => field.field)).toEqual(['items']);
      return error.fields[0].problems.join('; ');
    }
    throw error;
  }
  throw new Error(`${JSON.stringify(raw)} was accepted`);
}

describe('parseCart', () => {
  it('reads product ids and quantities in the order given', () => {
    expect(parseCart('p_0001:2,p_0042:1,p_123456:99')).toEqual([
      { productId: 'p_0001', quantity: 2 },
      { productId: 'p_0042', quantity: 1 },
      { productId: 'p_123456', quantity: 99 },
    ]);
  });

  it.each([
    ['nothing', ''],
    ['a pair without a quantity', 'p_0001'],
    ['a quantity that is no number', 'p_0001:two'],
    ['a negative quantity', 'p_0001:-1'],
    ['a fraction', 'p_0001:1.5'],
    ['a quantity of three digits', 'p_0001:100'],
    ['an id that is no product id', 'o_00001:1'],
    ['a path in the id', '..%2Fstats:1'],
    ['an extra colon', 'p_0001:1:2'],
    ['a trailing comma', 'p_0001:1,'],
    ['a repeated parameter (an array)', ['p_0001:1', 'p_0002:1']],
    ['an overlong value', `${'p_0001:1,'.repeat(100)}p_0001:1`],
  ])('refuses %s with a 400 naming items', (_case, raw) => {
    expect(problemOf(raw)).toMatch(/items must be productId:quantity pairs/);
  });

  it('refuses a quantity of 0, more than 20 lines and a product twice, saying which', () => {
    expect(problemOf('p_0001:0')).toBe('each quantity must be 1 to 99');
    expect(problemOf(Array.from({ length: 21 }, (_, i) => `p_${1000 + i}:1`).join(','))).toBe('items may hold at most 20 lines');
    expect(problemOf('p_0001:1,p_0002:1,p_0001:3')).toBe('items names a product more than once');
  });
});
