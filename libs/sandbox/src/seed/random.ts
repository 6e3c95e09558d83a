/**
 * A small seeded PRNG (mulberry32), so every run of the reference world has the same data. Not for secrets.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** Fixed instants so generated timestamps do not depend on when the service started. */
export const SEED_EPOCH = Date.parse('2026-01-01T00:00:00.000Z');
export const DAY_MS = 86_400_000;

export function padId(prefix: string, n: number, width: number): string {
  return `${prefix}_${String(n).padStart(width, '0')}`;
}
