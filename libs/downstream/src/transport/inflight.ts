/**
 * Identical concurrent work shares one promise: the first caller starts it, later callers with the same key
 * join until it settles. Nothing is kept after that, so this is coalescing, not caching.
 */
export class Inflight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** `joined` says whether this caller rode on someone else's call. */
  run(key: string, start: () => Promise<T>): { result: Promise<T>; joined: boolean } {
    const existing = this.running.get(key);
    if (existing) return { result: existing, joined: true };
    const result = start().finally(() => this.running.delete(key));
    this.running.set(key, result);
    return { result, joined: false };
  }

  get size(): number {
    return this.running.size;
  }
}
