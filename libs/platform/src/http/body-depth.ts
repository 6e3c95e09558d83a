import type { RequestHandler } from 'express';
import { BadRequestError } from '../errors/facet-error';

/**
 * Whether a parsed body nests objects and arrays more than `maxDepth` deep (`[]` is 1 deep, `[[1]]` 2). Walks
 * with its own stack, not the call stack, and stops at the first value too deep.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) {
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth });
    }
  }
  return false;
}

/**
 * Refuses a parsed body nested deeper than `maxDepth` before any pipe or handler sees it: validation and mapping
 * recurse over bodies, and a deep enough one (10 kb of `[`) overflows their stack into a 500.
 */
export function bodyDepthLimit(maxDepth: number): RequestHandler {
  return (req, _res, next) => {
    if (!nestsDeeperThan(req.body, maxDepth)) return next();
    next(new BadRequestError('BODY_TOO_DEEP', `The request body nests objects or arrays more than ${maxDepth} deep`, { maxDepth }));
  };
}
