import { plainToInstance } from 'class-transformer';
import { IsString, ValidateIf, ValidateNested, validateSync } from 'class-validator';
import { Type } from 'class-transformer';
import { orderPayload, productPayload, userPayload } from '../../test-support/fixtures';
import { fastDecoder, hasFastPath } from './fast-check';
import { OrderPagePayload, OrderPayload, OrderStatsPayload } from './order.payload';
import { ProductBatchPayload, ProductSearchPayload } from './product.payload';
import { UserBatchPayload } from './user.payload';

type Model = new () => object;

/** The reference: what payloadDecoder's full path accepts. */
function classValidatorAccepts(model: Model, body: object): boolean {
  const payload = plainToInstance(model, body);
  return validateSync(payload, { forbidUnknownValues: true, validationError: { target: false, value: false } }).length === 0;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const product = () => clone(productPayload('p_0001'));
const user = () => clone(userPayload('u_0001'));
const shipment = {
  carrier: 'DHL',
  trackingNumber: 'T1',
  events: [{ at: '2024-01-02T00:00:00.000Z', description: 'picked up', location: 'Leeds' }],
};
const order = () => clone(orderPayload('o_0001', { shipment }));

const productBatch = (edit: (p: Record<string, unknown>) => void = () => undefined) => {
  const item = product() as unknown as Record<string, unknown>;
  edit(item);
  return { items: [item, product()], missing: ['p_9999'] };
};
const userBatch = (edit: (u: Record<string, unknown>) => void = () => undefined) => {
  const item = user() as unknown as Record<string, unknown>;
  edit(item);
  return { items: [item], missing: [] };
};
const orderBody = (edit: (o: Record<string, unknown>) => void = () => undefined) => {
  const body = order() as unknown as Record<string, unknown>;
  edit(body);
  return body;
};

const cases: Array<[string, Model, object]> = [
  // valid
  ['product batch', ProductBatchPayload, productBatch()],
  ['empty product batch', ProductBatchPayload, { items: [], missing: [] }],
  ['product search with null cursor', ProductSearchPayload, { items: [product()], nextCursor: null, totalCount: 1 }],
  ['product search without cursor', ProductSearchPayload, { items: [product()], totalCount: 0 }],
  ['product search with cursor', ProductSearchPayload, { items: [], nextCursor: 'c2', totalCount: 0 }],
  ['user batch', UserBatchPayload, userBatch()],
  ['order with shipment', OrderPayload, orderBody()],
  ['order without shipment', OrderPayload, orderBody((o) => delete o.shipment)],
  ['order with null shipment', OrderPayload, orderBody((o) => (o.shipment = null))],
  ['order page', OrderPagePayload, { items: [order(), order()], nextCursor: null, totalCount: 2 }],
  ['order stats', OrderStatsPayload, { userId: 'u_1', counts: { pending: 1, paid: 0, shipped: 0, delivered: 0, cancelled: 0 }, total: 1 }],
  [
    'extra fields everywhere',
    ProductBatchPayload,
    { ...productBatch((p) => ((p.rating = 4.5), ((p.price as Record<string, unknown>).tax = 1))), page: 1 },
  ],
  ['empty attributes', ProductBatchPayload, productBatch((p) => (p.attributes = {}))],
  [
    'attributes with Object.prototype names',
    ProductBatchPayload,
    productBatch((p) => (p.attributes = JSON.parse('{"__proto__":"x","toString":"y","a":"b"}'))),
  ],
  ['optional line2 absent', UserBatchPayload, userBatch()],

  // wrong types
  ['amount as string', ProductBatchPayload, productBatch((p) => (p.price = { amount: '19.99', currency: 'EUR' }))],
  ['amount not an integer', ProductBatchPayload, productBatch((p) => (p.price = { amount: 19.99, currency: 'EUR' }))],
  ['currency of wrong length', ProductBatchPayload, productBatch((p) => (p.price = { amount: 1, currency: 'EURO' }))],
  ['stock as boolean', ProductBatchPayload, productBatch((p) => (p.stock = true))],
  ['id as number', ProductBatchPayload, productBatch((p) => (p.id = 1))],
  ['unknown image variant', ProductBatchPayload, productBatch((p) => (p.images = [{ variant: 'huge', url: 'x', width: 1, height: 1 }]))],
  ['negative width', ProductBatchPayload, productBatch((p) => (p.images = [{ variant: 'small', url: 'x', width: -1, height: 1 }]))],
  ['attributes with a number', ProductBatchPayload, productBatch((p) => (p.attributes = { size: 3 }))],
  ['attributes as an array', ProductBatchPayload, productBatch((p) => (p.attributes = ['a']))],
  ['attributes null', ProductBatchPayload, productBatch((p) => (p.attributes = null))],
  ['bad createdAt', ProductBatchPayload, productBatch((p) => (p.createdAt = 'yesterday'))],
  ['missing with a number', ProductBatchPayload, { items: [], missing: ['a', 1] }],
  ['missing not an array', ProductBatchPayload, { items: [], missing: 'a' }],
  ['bad email', UserBatchPayload, userBatch((u) => (u.email = 'not-an-email'))],
  ['unknown loyalty tier', UserBatchPayload, userBatch((u) => (u.loyalty = { tier: 'wood', points: 1 }))],
  ['isDefault as string', UserBatchPayload, userBatch((u) => (u.addresses = [{ ...(u.addresses as object[])[0], isDefault: 'yes' }]))],
  ['optional line2 as number', UserBatchPayload, userBatch((u) => (u.addresses = [{ ...(u.addresses as object[])[0], line2: 2 }]))],
  ['optional line2 null', UserBatchPayload, userBatch((u) => (u.addresses = [{ ...(u.addresses as object[])[0], line2: null }]))],
  ['bad status', OrderPayload, orderBody((o) => (o.status = 'lost'))],
  [
    'quantity zero',
    OrderPayload,
    orderBody((o) => (o.items = [{ productId: 'p', quantity: 0, unitPrice: { amount: 1, currency: 'EUR' } }])),
  ],
  ['nextCursor as number', OrderPagePayload, { items: [], nextCursor: 3, totalCount: 0 }],
  ['negative totalCount', OrderPagePayload, { items: [], nextCursor: null, totalCount: -1 }],
  ['counts missing a status', OrderStatsPayload, { userId: 'u_1', counts: { pending: 1, paid: 0, shipped: 0, delivered: 0 }, total: 1 }],

  // missing fields and unknown nested shapes
  ['missing name', UserBatchPayload, userBatch((u) => delete u.name)],
  ['missing sku', ProductBatchPayload, productBatch((p) => delete p.sku)],
  ['empty item', ProductBatchPayload, { items: [{}], missing: [] }],
  ['item as a string', ProductBatchPayload, { items: ['p_1'], missing: [] }],
  ['item null', ProductBatchPayload, { items: [null], missing: [] }],
  ['items as an object', ProductBatchPayload, { items: { 0: product() }, missing: [] }],
  ['items missing', ProductBatchPayload, { missing: [] }],
  ['price as an array', ProductBatchPayload, productBatch((p) => (p.price = [{ amount: 1, currency: 'EUR' }]))],
  ['price as a string', ProductBatchPayload, productBatch((p) => (p.price = '19.99 EUR'))],
  ['images as an object', ProductBatchPayload, productBatch((p) => (p.images = { variant: 'small', url: 'x', width: 1, height: 1 }))],
  ['shipment as a string', OrderPayload, orderBody((o) => (o.shipment = 'DHL'))],
  ['shipment as an array', OrderPayload, orderBody((o) => (o.shipment = [shipment]))],
  [
    'shipment event without description',
    OrderPayload,
    orderBody((o) => (o.shipment = { ...shipment, events: [{ at: '2024-01-02T00:00:00.000Z' }] })),
  ],
  ['shipping address as an empty object', OrderPayload, orderBody((o) => (o.shippingAddress = {}))],
  ['status history entry as a number', OrderPayload, orderBody((o) => (o.statusHistory = [1]))],
];

describe('fastDecoder', () => {
  it.each([ProductBatchPayload, ProductSearchPayload, UserBatchPayload, OrderPayload, OrderPagePayload, OrderStatsPayload])(
    'covers %p entirely',
    (model) => {
      expect(hasFastPath(model)).toBe(true);
    },
  );

  it.each(cases)('agrees with class-validator: %s', (_name, model, body) => {
    const expected = classValidatorAccepts(model, clone(body));
    expect(fastDecoder(model)(clone(body)) !== undefined).toBe(expected);
  });

  it.each([
    ['an item as a nested array', { items: [[product()]], missing: [] }],
    ['an empty nested array', { items: [[]], missing: [] }],
  ])('leaves what it does not model to class-validator: %s', (_name, body) => {
    // class-validator accepts arrays nested in an array of models; the fast path does not model that.
    expect(classValidatorAccepts(ProductBatchPayload, clone(body))).toBe(true);
    expect(fastDecoder(ProductBatchPayload)(clone(body))).toBeUndefined();
  });

  it.each(cases.filter(([, model, body]) => classValidatorAccepts(model, clone(body))))(
    'builds what plainToInstance builds (declared fields): %s',
    (_name, model, body) => {
      const decoded = fastDecoder(model)(clone(body));
      const reference = plainToInstance(model, clone(body));
      // Undeclared fields are left out by the fast path: the same classes and declared values otherwise.
      expect(decoded).toStrictEqual(withoutUndeclared(reference));
      expect(decoded).toBeInstanceOf(model);
    },
  );

  it('never accepts a body class-validator refuses (random mutations of valid bodies)', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const replacements: unknown[] = [
      null,
      undefined,
      '',
      'x',
      'EUR',
      'gold',
      'paid',
      'small',
      '2024-01-01T00:00:00Z',
      'a@b',
      0,
      -1,
      1.5,
      7,
      true,
      [],
      {},
      [{}],
      ['x'],
      { a: 'b' },
    ];
    const mutate = (value: unknown): unknown => {
      if (typeof value !== 'object' || value === null) return replacements[Math.floor(random() * replacements.length)];
      const container = value as Record<string, unknown>;
      const keys = Object.keys(container);
      if (keys.length === 0) return replacements[Math.floor(random() * replacements.length)];
      const key = keys[Math.floor(random() * keys.length)];
      if (random() < 0.1) delete container[key];
      else container[key] = random() < 0.6 ? mutate(container[key]) : replacements[Math.floor(random() * replacements.length)];
      return container;
    };
    const bases: Array<[Model, () => object]> = [
      [ProductBatchPayload, () => productBatch()],
      [UserBatchPayload, () => userBatch()],
      [OrderPagePayload, () => ({ items: [order()], nextCursor: null, totalCount: 1 })],
      [OrderStatsPayload, () => ({ userId: 'u_1', counts: { pending: 1, paid: 0, shipped: 0, delivered: 0, cancelled: 0 }, total: 1 })],
    ];
    let refusedByFastOnly = 0;
    let accepted = 0;
    for (const [model, base] of bases) {
      for (let i = 0; i < 300; i++) {
        const body = mutate(base()) as object;
        const fast = fastDecoder(model)(clone(body)) !== undefined;
        const full = classValidatorAccepts(model, clone(body));
        if (fast) accepted += 1;
        if (fast && !full) throw new Error(`fast path accepted what class-validator refuses: ${JSON.stringify(body)}`);
        if (fast !== full) refusedByFastOnly += 1;
      }
    }
    // A refusal by the fast path only costs the full path; it happens for class-validator's leniency
    // towards arrays nested in arrays of models (see the conservative cases above), rare in the mutations.
    expect(accepted).toBeGreaterThan(20);
    expect(refusedByFastOnly).toBeLessThan(20);
  });

  it('gives the same answers when it has seen a value before (remembered accepted strings)', () => {
    const decode = fastDecoder(UserBatchPayload);
    for (let i = 0; i < 3; i++) {
      expect(decode(userBatch())).toBeDefined();
      expect(decode(userBatch((u) => (u.email = 'not-an-email')))).toBeUndefined();
      expect(decode(userBatch((u) => (u.createdAt = 'yesterday')))).toBeUndefined();
    }
    // Past the bound the remembered set starts over; answers do not change.
    for (let i = 0; i < 1100; i++) expect(decode(userBatch((u) => (u.email = `u${i}@example.test`)))).toBeDefined();
    expect(decode(userBatch((u) => (u.email = 'u1@')))).toBeUndefined();
  });

  it('has no fast path for a model using constraint kinds it does not model', () => {
    class Conditional {
      @ValidateIf((o: { kind?: string }) => o.kind === 'x')
      @IsString()
      name: string;
    }
    class Grouped {
      @IsString({ groups: ['admin'] })
      name: string;
    }
    class Untyped {
      @ValidateNested()
      child: object;
    }
    class Child {
      @IsString()
      name: string;
    }
    class Parent extends Child {
      @ValidateNested()
      @Type(() => Child)
      child: Child;
    }
    for (const model of [Conditional, Grouped, Untyped, Parent] as Model[]) {
      expect(hasFastPath(model)).toBe(false);
      expect(fastDecoder(model)({ name: 'a', kind: 'x', child: { name: 'b' } })).toBeUndefined();
    }
  });
});

/** plainToInstance's result without the undeclared fields the cases add (classes kept). */
function withoutUndeclared<T>(value: T): T {
  if (Array.isArray(value)) value.forEach(withoutUndeclared);
  else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      if (UNDECLARED.has(key)) delete (value as Record<string, unknown>)[key];
      else withoutUndeclared((value as Record<string, unknown>)[key]);
    }
  }
  return value;
}
const UNDECLARED = new Set(['rating', 'tax', 'page']);
