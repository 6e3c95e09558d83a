import type { Order, OrderItem, OrderStatus, Shipment, StatusChange } from '@facet/domain';
import { SEED_PARTNERS } from './partners';
import { CATALOGUE_CURRENCY, SEED_PRODUCT_COUNT, seedProducts } from './products';
import { DAY_MS, SEED_EPOCH, SeededRandom, padId } from './random';
import { seedUsers } from './users';

export const SEED_ORDER_COUNT = 5000;

const HOUR_MS = 3_600_000;

/** Most orders are long delivered; some are still on their way, some were cancelled. */
const STATUS_WEIGHTS: [OrderStatus, number][] = [
  ['pending', 0.06],
  ['paid', 0.08],
  ['shipped', 0.12],
  ['delivered', 0.56],
  ['cancelled', 0.18],
];

/**
 * The showcase users (ada u_0001 and grace u_0002) get every 100th order each, with statuses taken in turn
 * from this cycle, so each has about fifty orders and every status appears several times.
 */
const SHOWCASE_STATUS_CYCLE: OrderStatus[] = ['delivered', 'shipped', 'paid', 'cancelled', 'pending', 'delivered', 'shipped', 'delivered'];

const CARRIERS = ['Royal Mail', 'DPD', 'DHL', 'UPS', 'Evri'];
const DEPOTS = ['Milton Keynes hub', 'Birmingham depot', 'Leeds sorting centre', 'Coventry hub', 'Heathrow gateway'];

function weightedStatus(random: SeededRandom): OrderStatus {
  let roll = random.next();
  for (const [status, weight] of STATUS_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return status;
  }
  return 'delivered';
}

/** How long ago an order in this status was placed: open orders are recent, finished ones can be old. */
function ageFor(status: OrderStatus, random: SeededRandom): number {
  switch (status) {
    case 'pending':
    case 'paid':
      return random.int(3 * HOUR_MS, 3 * DAY_MS);
    case 'shipped':
      return random.int(3 * DAY_MS, 8 * DAY_MS);
    default:
      return random.int(6 * DAY_MS, 720 * DAY_MS);
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function history(status: OrderStatus, createdAt: number, random: SeededRandom): StatusChange[] {
  const changes: StatusChange[] = [{ status: 'pending', at: iso(createdAt) }];
  const paidAt = createdAt + random.int(60_000, 2 * HOUR_MS);
  if (status === 'cancelled') {
    // Some orders are cancelled before payment, some after (and refunded).
    if (random.chance(0.5)) {
      changes.push({ status: 'paid', at: iso(paidAt) });
      changes.push({ status: 'cancelled', at: iso(paidAt + random.int(HOUR_MS, DAY_MS)), note: 'Cancelled by customer; refunded' });
    } else {
      changes.push({ status: 'cancelled', at: iso(createdAt + random.int(60_000, HOUR_MS)), note: 'Payment not completed' });
    }
    return changes;
  }
  if (status === 'pending') return changes;
  changes.push({ status: 'paid', at: iso(paidAt) });
  if (status === 'paid') return changes;
  const shippedAt = paidAt + random.int(12 * HOUR_MS, 36 * HOUR_MS);
  changes.push({ status: 'shipped', at: iso(shippedAt) });
  if (status === 'shipped') return changes;
  changes.push({ status: 'delivered', at: iso(shippedAt + random.int(DAY_MS, 4 * DAY_MS)) });
  return changes;
}

function shipmentFor(changes: StatusChange[], random: SeededRandom): Shipment | undefined {
  const shipped = changes.find((change) => change.status === 'shipped');
  if (!shipped) return undefined;
  const shippedAt = Date.parse(shipped.at);
  const delivered = changes.find((change) => change.status === 'delivered');
  const events = [
    { at: iso(shippedAt - random.int(HOUR_MS, 6 * HOUR_MS)), description: 'Label created' },
    { at: shipped.at, location: random.pick(DEPOTS), description: 'Collected by carrier' },
  ];
  if (delivered) {
    const deliveredAt = Date.parse(delivered.at);
    events.push(
      { at: iso(deliveredAt - random.int(2 * HOUR_MS, 8 * HOUR_MS)), location: 'Local delivery office', description: 'Out for delivery' },
      { at: delivered.at, description: 'Delivered' },
    );
  } else {
    events.push({ at: iso(shippedAt + random.int(HOUR_MS, 12 * HOUR_MS)), location: random.pick(DEPOTS), description: 'In transit' });
  }
  return {
    carrier: random.pick(CARRIERS),
    trackingNumber: `TRK${String(random.int(0, 999_999_999)).padStart(9, '0')}GB`,
    events,
  };
}

function generateOrders(): Order[] {
  const random = new SeededRandom(0x0bde75);
  // Fulfilment partners come from a stream of their own: adding them moved nothing else in the seed.
  const fulfilment = new SeededRandom(0xf1f11);
  const users = seedUsers();
  const products = seedProducts(SEED_PRODUCT_COUNT);
  const orders: Order[] = [];
  for (let n = 1; n <= SEED_ORDER_COUNT; n++) {
    const showcase = n % 100 === 0 ? users[0] : n % 100 === 50 ? users[1] : undefined;
    const user = showcase ?? users[random.int(2, users.length - 1)];
    const status = showcase ? SHOWCASE_STATUS_CYCLE[Math.floor(n / 100) % SHOWCASE_STATUS_CYCLE.length] : weightedStatus(random);
    const createdAt = SEED_EPOCH - ageFor(status, random);

    const lineCount = random.int(1, 8);
    const chosen = new Set<number>();
    while (chosen.size < lineCount) chosen.add(random.int(0, products.length - 1));
    const items: OrderItem[] = [...chosen].map((index) => ({
      productId: products[index].id,
      quantity: random.chance(0.7) ? 1 : random.int(2, 5),
      unitPrice: { ...products[index].price },
    }));

    const statusHistory = history(status, createdAt, random);
    const shipment = shipmentFor(statusHistory, random);
    const changedAt = [...statusHistory, ...(shipment?.events ?? [])].map((change) => change.at);
    orders.push({
      id: padId('o', n, 5),
      userId: user.id,
      status,
      items,
      total: { amount: items.reduce((sum, item) => sum + item.unitPrice.amount * item.quantity, 0), currency: CATALOGUE_CURRENCY },
      shippingAddress: { ...random.pick(user.addresses) },
      statusHistory,
      ...(shipment && { shipment }),
      // About half the orders are shipped by a partner, the rest by Facet itself.
      fulfilmentPartnerId: fulfilment.chance(0.5) ? fulfilment.pick(SEED_PARTNERS).id : null,
      createdAt: iso(createdAt),
      updatedAt: changedAt.reduce((latest, at) => (at > latest ? at : latest)),
    });
  }
  return orders;
}

let cache: readonly Order[] | undefined;

/**
 * The order-service's seeded orders `o_00001` … `o_05000`, the same on every run: 1–8 lines of real
 * catalogue products at catalogue prices, for real users and their addresses, with a consistent status
 * history and, once shipped, a shipment. Treat it as read-only (the order-service copies on write).
 */
export function seedOrders(): readonly Order[] {
  return (cache ??= generateOrders());
}
