import type { ImageVariant, Product, ProductImage } from '@facet/domain';
import { SEED_PARTNERS } from './partners';
import { DAY_MS, SEED_EPOCH, SeededRandom, padId } from './random';

/** The catalogue's default size, and the products the seeded orders are made of. */
export const SEED_PRODUCT_COUNT = 1200;

/** The largest catalogue the product service can be asked to hold (CATALOGUE_SIZE), for export and memory tests. */
export const MAX_CATALOGUE_SIZE = 500_000;

/** Every seeded price is in this currency, so order totals never mix currencies. */
export const CATALOGUE_CURRENCY = 'GBP';

export interface SeedCategory {
  id: string;
  name: string;
}

interface CategoryTheme extends SeedCategory {
  nouns: string[];
  /** Price range in whole pounds. */
  price: [number, number];
  /** One attribute particular to the category, with its possible values. */
  attribute: [string, string[]];
}

const THEMES: CategoryTheme[] = [
  {
    id: 'kitchen',
    name: 'Kitchen',
    nouns: ['Kettle', 'Skillet', 'Knife Set', 'Teapot', 'Mixing Bowl', 'Espresso Cup'],
    price: [6, 180],
    attribute: ['capacity', ['250 ml', '500 ml', '1 l', '1.7 l']],
  },
  {
    id: 'garden',
    name: 'Garden',
    nouns: ['Trowel', 'Planter', 'Hose', 'Bird Feeder', 'Pruner', 'Watering Can'],
    price: [4, 120],
    attribute: ['season', ['spring', 'summer', 'autumn', 'all year']],
  },
  {
    id: 'books',
    name: 'Books',
    nouns: ['Novel', 'Cookbook', 'Atlas', 'Field Guide', 'Anthology', 'Notebook'],
    price: [5, 45],
    attribute: ['pages', ['96', '240', '368', '512', '704']],
  },
  {
    id: 'electronics',
    name: 'Electronics',
    nouns: ['Headphones', 'Speaker', 'Charger', 'Keyboard', 'Webcam', 'Power Bank'],
    price: [12, 400],
    attribute: ['warranty', ['1 year', '2 years', '3 years']],
  },
  {
    id: 'toys',
    name: 'Toys',
    nouns: ['Puzzle', 'Kite', 'Building Set', 'Plush Bear', 'Board Game', 'Yo-yo'],
    price: [3, 90],
    attribute: ['age', ['3+', '6+', '8+', '12+']],
  },
  {
    id: 'sports',
    name: 'Sports',
    nouns: ['Yoga Mat', 'Water Bottle', 'Football', 'Racket', 'Skipping Rope', 'Dumbbell'],
    price: [5, 150],
    attribute: ['level', ['beginner', 'intermediate', 'pro']],
  },
  {
    id: 'fashion',
    name: 'Fashion',
    nouns: ['Scarf', 'Jacket', 'Beanie', 'T-shirt', 'Tote Bag', 'Belt'],
    price: [8, 220],
    attribute: ['size', ['XS', 'S', 'M', 'L', 'XL']],
  },
  {
    id: 'beauty',
    name: 'Beauty',
    nouns: ['Soap', 'Face Cream', 'Shampoo', 'Lip Balm', 'Candle', 'Bath Salts'],
    price: [3, 60],
    attribute: ['scent', ['lavender', 'cedar', 'citrus', 'unscented']],
  },
  {
    id: 'office',
    name: 'Office',
    nouns: ['Desk Lamp', 'Pen Set', 'Planner', 'Stapler', 'Monitor Stand', 'Desk Organiser'],
    price: [4, 140],
    attribute: ['finish', ['matte', 'gloss', 'brushed']],
  },
  {
    id: 'music',
    name: 'Music',
    nouns: ['Ukulele', 'Guitar Strings', 'Metronome', 'Harmonica', 'Drumsticks', 'Music Stand'],
    price: [6, 260],
    attribute: ['skill', ['beginner', 'intermediate', 'advanced']],
  },
  {
    id: 'outdoors',
    name: 'Outdoors',
    nouns: ['Tent', 'Headlamp', 'Sleeping Bag', 'Compass', 'Camping Stove', 'Backpack'],
    price: [9, 350],
    attribute: ['weight', ['200 g', '650 g', '1.2 kg', '2.5 kg']],
  },
  {
    id: 'home',
    name: 'Home',
    nouns: ['Cushion', 'Throw', 'Vase', 'Wall Clock', 'Rug', 'Photo Frame'],
    price: [7, 240],
    attribute: ['room', ['living room', 'bedroom', 'hallway', 'study']],
  },
];

const ADJECTIVES = [
  'Classic',
  'Compact',
  'Deluxe',
  'Everyday',
  'Handmade',
  'Nordic',
  'Rustic',
  'Modern',
  'Vintage',
  'Eco',
  'Premium',
  'Travel',
];
const COLOURS = ['black', 'white', 'slate', 'sage', 'ochre', 'navy', 'terracotta', 'oat'];
const MATERIALS = ['cotton', 'oak', 'steel', 'ceramic', 'recycled plastic', 'glass', 'wool', 'bamboo'];
const PRAISE = ['Built to last', 'A customer favourite', 'Designed in London', 'Thoughtfully made', 'Small batch', 'Easy to care for'];

/** Square-ish image renditions a CDN would serve; some products lack the large one. */
const IMAGE_SIZES: [ImageVariant, number, number][] = [
  ['thumbnail', 96, 96],
  ['small', 320, 240],
  ['medium', 640, 480],
  ['large', 1280, 960],
];

export const PRODUCT_CATEGORIES: readonly SeedCategory[] = THEMES.map(({ id, name }) => ({ id, name }));

/**
 * A template literal made into one flat string. V8 keeps `${a} ${b}` as a tree of its parts (a rope), which in a
 * catalogue of hundreds of thousands of products costs about twice the memory of the text itself; a join is flat.
 */
function flat(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  const parts: (string | number)[] = [strings[0]];
  values.forEach((value, i) => parts.push(value, strings[i + 1]));
  return parts.join('');
}

/**
 * Products `1 … count`, one after another from fixed random streams, so a larger catalogue begins with exactly
 * the products of a smaller one. Owners come from a stream of their own: adding them moved nothing else.
 */
function generateProducts(count: number): Product[] {
  const random = new SeededRandom(0x9e0d5c7);
  const owners = new SeededRandom(0x9a27e5);
  const products: Product[] = [];
  for (let n = 1; n <= count; n++) {
    const id = padId('p', n, 4);
    const theme = THEMES[(n - 1) % THEMES.length];
    const adjective = random.pick(ADJECTIVES);
    const noun = random.pick(theme.nouns);
    const colour = random.pick(COLOURS);
    const material = random.pick(MATERIALS);
    const images: ProductImage[] = IMAGE_SIZES.filter(([variant]) => variant !== 'large' || random.chance(0.9)).map(
      ([variant, width, height]) => ({ variant, url: flat`https://images.facet.test/products/${id}/${variant}.jpg`, width, height }),
    );
    const ageDays = random.int(30, 1000);
    const createdAt = SEED_EPOCH - ageDays * DAY_MS - random.int(0, DAY_MS - 1);
    const updatedAt = createdAt + random.int(0, ageDays - 1) * DAY_MS;
    products.push({
      id,
      sku: flat`FCT-${theme.id.slice(0, 3).toUpperCase()}-${String(n).padStart(4, '0')}`,
      name: flat`${adjective} ${noun}`,
      description: flat`${PRAISE[n % PRAISE.length]}: ${/^[aeiou]/i.test(adjective) ? 'an' : 'a'} ${adjective.toLowerCase()} ${noun.toLowerCase()} in ${colour} ${material}.`,
      // Prices end in .99 and are integer minor units.
      price: { amount: random.int(theme.price[0], theme.price[1]) * 100 - 1, currency: CATALOGUE_CURRENCY },
      category: theme.id,
      images,
      stock: random.chance(0.15) ? random.int(0, 3) : random.int(10, 500),
      attributes: { colour, material, [theme.attribute[0]]: random.pick(theme.attribute[1]) },
      partnerId: owners.pick(SEED_PARTNERS).id,
      createdAt: new Date(createdAt).toISOString(),
      updatedAt: new Date(updatedAt).toISOString(),
    });
  }
  return products;
}

let cache: readonly Product[] | undefined;
let byId: ReadonlyMap<string, Product> | undefined;

/**
 * The product-service's catalogue, `p_0001` … `p_1200` by default (past `p_9999` ids grow a digit), the same on
 * every run. The largest catalogue asked for is kept and smaller ones are its beginning. Treat it as read-only.
 */
export function seedProducts(count = SEED_PRODUCT_COUNT): readonly Product[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CATALOGUE_SIZE) throw new Error(`catalogue size ${count} is out of range`);
  if (!cache || cache.length < count) cache = generateProducts(count);
  return count === cache.length ? cache : cache.slice(0, count);
}

/** Catalogue order, which is id order: by number, so `p_9999` comes before `p_10000`. Negative when `a` comes first. */
export function compareProductIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The seeded products by id, built once per process for every service that looks them up. */
export function seedProductById(): ReadonlyMap<string, Product> {
  return (byId ??= new Map(seedProducts(SEED_PRODUCT_COUNT).map((product) => [product.id, product])));
}
