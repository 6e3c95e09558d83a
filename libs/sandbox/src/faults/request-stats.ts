import { Injectable } from '@nestjs/common';

export interface RequestStatsSnapshot {
  /** Requests per `METHOD /route/:template`. */
  requests: Record<string, number>;
  total: number;
}

/** Counts business requests per method and route template, so tests can count the calls a BFF made. */
@Injectable()
export class RequestStats {
  private readonly counts = new Map<string, number>();

  record(method: string, routeTemplate: string): void {
    const key = `${method} ${routeTemplate}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  snapshot(): RequestStatsSnapshot {
    const requests = Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return { requests, total: [...this.counts.values()].reduce((sum, count) => sum + count, 0) };
  }

  reset(): RequestStatsSnapshot {
    this.counts.clear();
    return this.snapshot();
  }
}
