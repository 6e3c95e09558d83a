import { productPayload, userPayload, orderPayload } from '../../test-support/fixtures';
import { ContractViolation, anyBody, payloadDecoder } from './decode';
import { OrderPagePayload, OrderStatsPayload } from './order.payload';
import { ProductBatchPayload, ProductPayload } from './product.payload';
import { UserBatchPayload } from './user.payload';

describe('payloadDecoder', () => {
  const decodeBatch = payloadDecoder(ProductBatchPayload);

  it('accepts a body that matches the contract and returns the model', () => {
    const decoded = decodeBatch({ items: [productPayload('p_0001')], missing: ['p_9999'] });
    expect(decoded).toBeInstanceOf(ProductBatchPayload);
    expect(decoded.items[0]).toBeInstanceOf(ProductPayload);
    expect(decoded.items[0].price.amount).toBe(1999);
  });

  it('accepts extra properties: adding a field is a compatible change', () => {
    expect(() => decodeBatch({ items: [{ ...productPayload('p_0001'), rating: 4.5 }], missing: [], page: 1 })).not.toThrow();
  });

  it('names every broken field with its path', () => {
    const broken = {
      ...productPayload('p_0001'),
      price: { amount: '19.99', currency: 'EUR' },
      images: [{ variant: 'huge', url: 'x', width: 1, height: 1 }],
    };
    expect(() => decodeBatch({ items: [broken], missing: [] })).toThrow(ContractViolation);
    expect(() => decodeBatch({ items: [broken], missing: [] })).toThrow(/items\.0\.price\.amount: amount must be an integer number/);
    expect(() => decodeBatch({ items: [broken], missing: [] })).toThrow(/items\.0\.images\.0\.variant/);
  });

  it('names a missing nested object rather than failing inside it', () => {
    const { name: _name, ...nameless } = userPayload('u_0001');
    expect(() => payloadDecoder(UserBatchPayload)({ items: [nameless], missing: [] })).toThrow(/items\.0\.name/);
  });

  it('says how many more fields broke when there are many', () => {
    expect(() => decodeBatch({ items: [{}], missing: [] })).toThrow(/\(and \d+ more\)/);
  });

  it.each([
    [null, 'null'],
    [[1, 2], 'an array'],
    ['<html>', 'text, not JSON'],
    ['', 'empty'],
    [42, 'a number'],
  ])('refuses a body that is not an object (%p)', (body, described) => {
    expect(() => decodeBatch(body)).toThrow(`body is ${described}, expected a JSON object`);
  });

  it('decodes orders with optional shipment and null cursor, and stats', () => {
    expect(payloadDecoder(OrderPagePayload)({ items: [orderPayload('o_1')], nextCursor: null, totalCount: 1 }).items).toHaveLength(1);
    expect(() =>
      payloadDecoder(OrderStatsPayload)({ userId: 'u_1', counts: { pending: 1, paid: 0, shipped: 0, delivered: 0 }, total: 1 }),
    ).toThrow(/counts\.cancelled/);
  });

  it('refuses a record with non-string values', () => {
    expect(() => decodeBatch({ items: [{ ...productPayload('p_1'), attributes: { size: 3 } }], missing: [] })).toThrow(
      /attributes must be an object of strings/,
    );
  });

  it('passes anything through for pass-through bodies', () => {
    expect(anyBody('x')).toBe('x');
  });
});
