import { PRODUCT_ID } from '@facet/bff';
import { RequestValidationError } from '@facet/platform';

/** A line of the phone's cart: a product and how many. */
export interface CartLine {
  productId: string;
  quantity: number;
}

/** As many lines as an order may hold (the order service's own bound). */
export const MAX_CART_LINES = 20;
export const MAX_QUANTITY = 99;

/** The most text a cart of MAX_CART_LINES lines can take, so only made-up input is longer. */
const MAX_CART_LENGTH = MAX_CART_LINES * `p_${'9'.repeat(18)}:${MAX_QUANTITY},`.length;

const refuse = (problem: string): RequestValidationError => new RequestValidationError([{ field: 'items', problems: [problem] }]);

/**
 * `items=p_0001:2,p_0042:1`: the cart a phone holds, as a query parameter so a checkout is a cacheable GET. 1 to 20
 * lines, each a product id and a quantity of 1 to 99, no product twice: what an order may hold. Anything else is a
 * 400 naming `items`.
 */
export function parseCart(raw: unknown): CartLine[] {
  const form = 'items must be productId:quantity pairs, comma-separated, such as p_0001:2,p_0042:1';
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_CART_LENGTH) throw refuse(form);
  const lines = raw.split(',').map((pair) => {
    const [productId, quantity, ...rest] = pair.split(':');
    if (rest.length > 0 || productId === undefined || !PRODUCT_ID.test(productId) || !/^[0-9]{1,2}$/.test(quantity ?? '')) {
      throw refuse(form);
    }
    return { productId, quantity: Number(quantity) };
  });
  if (lines.length > MAX_CART_LINES) throw refuse(`items may hold at most ${MAX_CART_LINES} lines`);
  if (lines.some((line) => line.quantity < 1 || line.quantity > MAX_QUANTITY)) throw refuse(`each quantity must be 1 to ${MAX_QUANTITY}`);
  if (new Set(lines.map((line) => line.productId)).size !== lines.length) throw refuse('items names a product more than once');
  return lines;
}
