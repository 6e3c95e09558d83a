import type { DegradedPart } from '@facet/downstream';

/** Detail images are the smallest at least this wide: a phone screen's width, not a desktop's. */
export const PHONE_IMAGE_MIN_WIDTH = 320;

/** `degraded` only when something is missing: most answers are whole, and a phone pays for every byte. */
export function withDegraded<V extends object>(view: V, degraded: readonly DegradedPart[]): V & { degraded?: DegradedPart[] } {
  return degraded.length > 0 ? { ...view, degraded: [...degraded] } : view;
}
