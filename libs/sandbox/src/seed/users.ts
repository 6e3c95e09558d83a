import { DAY_MS, SEED_EPOCH, SeededRandom, padId } from './random';

/** The user-service's payload shape (see docs/reference-world.md). */
export interface SeedAddress {
  id: string;
  label: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
  isDefault: boolean;
}

export interface SeedUser {
  id: string;
  email: string;
  name: { given: string; family: string };
  displayName: string;
  addresses: SeedAddress[];
  preferences: { locale: string; currency: string; marketingEmails: boolean };
  loyalty: { tier: 'bronze' | 'silver' | 'gold' | 'platinum'; points: number };
  createdAt: string;
}

export const SEED_USER_COUNT = 200;

/** Development only: every seeded user logs in to dev-idp with this password. Never a real credential. */
export const DEV_USER_PASSWORD = 'facet-dev-password';

const GIVEN = [
  'Ada',
  'Grace',
  'Alan',
  'Barbara',
  'Edsger',
  'Frances',
  'Donald',
  'Margaret',
  'Ken',
  'Radia',
  'Linus',
  'Hedy',
  'Tim',
  'Sophie',
  'Dennis',
  'Katherine',
  'John',
  'Annie',
  'Niklaus',
  'Karen',
];
const FAMILY = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Liskov',
  'Dijkstra',
  'Allen',
  'Knuth',
  'Hamilton',
  'Thompson',
  'Perlman',
  'Torvalds',
  'Lamarr',
  'Berners-Lee',
  'Wilson',
  'Ritchie',
  'Johnson',
  'McCarthy',
  'Easley',
  'Wirth',
  'Jones',
];
const CITIES: [string, string, string][] = [
  ['London', 'GB', 'EC1A 1BB'],
  ['Manchester', 'GB', 'M1 1AE'],
  ['Dublin', 'IE', 'D02 X285'],
  ['Berlin', 'DE', '10115'],
  ['Paris', 'FR', '75001'],
  ['Amsterdam', 'NL', '1012 JS'],
];
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Mill Road', 'Park Avenue', 'Queen Street', 'King Street', 'Victoria Road'];
const TIERS = ['bronze', 'bronze', 'bronze', 'silver', 'silver', 'gold', 'platinum'] as const;
const LOCALES: [string, string][] = [
  ['en-GB', 'GBP'],
  ['en-IE', 'EUR'],
  ['de-DE', 'EUR'],
  ['fr-FR', 'EUR'],
  ['nl-NL', 'EUR'],
];

function generateUsers(): SeedUser[] {
  const random = new SeededRandom(0xfacee7);
  const users: SeedUser[] = [];
  for (let n = 1; n <= SEED_USER_COUNT; n++) {
    // The first two are fixed so docs and tests can name them: ada@example.test and grace@example.test.
    const given = n <= 2 ? GIVEN[n - 1] : random.pick(GIVEN);
    const family = n <= 2 ? FAMILY[n - 1] : random.pick(FAMILY);
    const email = n <= 2 ? `${given.toLowerCase()}@example.test` : `${given}.${family}.${n}@example.test`.toLowerCase();
    const id = padId('u', n, 4);
    const addressCount = random.int(1, 3);
    const addresses: SeedAddress[] = [];
    for (let a = 1; a <= addressCount; a++) {
      const [city, country, postalCode] = random.pick(CITIES);
      addresses.push({
        id: `${id}_a${a}`,
        label: a === 1 ? 'Home' : a === 2 ? 'Work' : 'Other',
        line1: `${random.int(1, 220)} ${random.pick(STREETS)}`,
        ...(random.chance(0.3) ? { line2: `Flat ${random.int(1, 40)}` } : {}),
        city,
        postalCode,
        country,
        isDefault: a === 1,
      });
    }
    const [locale, currency] = random.pick(LOCALES);
    users.push({
      id,
      email,
      name: { given, family },
      displayName: `${given} ${family}`,
      addresses,
      preferences: { locale, currency, marketingEmails: random.chance(0.4) },
      loyalty: { tier: random.pick(TIERS), points: random.int(0, 25_000) },
      createdAt: new Date(SEED_EPOCH - random.int(30, 900) * DAY_MS).toISOString(),
    });
  }
  return users;
}

let cache: SeedUser[] | undefined;
let byId: ReadonlyMap<string, SeedUser> | undefined;
let byEmail: ReadonlyMap<string, SeedUser> | undefined;

/** The user-service's seeded users, the same on every run. Shared with dev-idp, whose accounts they are. */
export function seedUsers(): readonly SeedUser[] {
  return (cache ??= generateUsers());
}

/** The seeded users by id, built once per process for every service that looks them up. */
export function seedUserById(): ReadonlyMap<string, SeedUser> {
  return (byId ??= new Map(seedUsers().map((user) => [user.id, user])));
}

export function findSeedUserByEmail(email: string): SeedUser | undefined {
  byEmail ??= new Map(seedUsers().map((user) => [user.email, user]));
  return byEmail.get(email.trim().toLowerCase());
}
