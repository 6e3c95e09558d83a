import type { RequestContext } from '@facet/platform';
import type DataLoader from 'dataloader';

const STATE_KEY = 'facet.downstream';

interface RequestState {
  loaders: Map<string, DataLoader<string, unknown>>;
  stale: Map<string, Set<string>>;
}

/**
 * What the library keeps per incoming request, in the request context (AsyncLocalStorage) rather than in
 * request-scoped providers: the DataLoaders that batch and de-duplicate lookups, and which records were
 * served stale. Outside a request (jobs, start-up) each call gets its own loader and nothing is recorded.
 */
export class RequestScope {
  constructor(private readonly context: RequestContext) {}

  loader<V>(key: string, create: () => DataLoader<string, V>): DataLoader<string, V> {
    const state = this.state();
    if (!state) return create();
    let loader = state.loaders.get(key) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = create();
      state.loaders.set(key, loader);
    }
    return loader;
  }

  markStale(service: string, ids: readonly string[]): void {
    const state = this.state();
    if (!state || ids.length === 0) return;
    let set = state.stale.get(service);
    if (!set) state.stale.set(service, (set = new Set()));
    for (const id of ids) set.add(id);
  }

  stale(service: string): string[] {
    return [...(this.state()?.stale.get(service) ?? [])];
  }

  private state(): RequestState | undefined {
    if (!this.context.active) return undefined;
    let state = this.context.get<RequestState>(STATE_KEY);
    if (!state) {
      state = { loaders: new Map(), stale: new Map() };
      this.context.set(STATE_KEY, state);
    }
    return state;
  }
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
