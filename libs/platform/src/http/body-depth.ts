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
 * Whether a parsed body holds more than `maxValues` values: the body itself and every member of every object
 * and array, containers and scalars alike. Stops counting at the first value over the bound.
 */
export function holdsMoreValuesThan(value: unknown, maxValues: number): boolean {
  let counted = 1;
  const pending: unknown[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next !== 'object' || next === null) continue;
    for (const child of Object.values(next)) {
      if (++counted > maxValues) return true;
      pending.push(child);
    }
  }
  return counted > maxValues;
}

export interface BodyShapeLimits {
  maxDepth: number;
  maxValues: number;
}

/**
 * Refuses a parsed body nested deeper than `maxDepth`, or holding more than `maxValues` values, before any pipe
 * or handler sees it: validation and mapping recurse over bodies (10 kb of `[` overflows their stack into a 500),
 * and build an object per value (100 kb of `{},` costs over a second of the event loop before validation says no).
 */
export function bodyShapeLimit({ maxDepth, maxValues }: BodyShapeLimits): RequestHandler {
  return (req, _res, next) => {
    if (nestsDeeperThan(req.body, maxDepth)) {
      return next(
        new BadRequestError('BODY_TOO_DEEP', `The request body nests objects or arrays more than ${maxDepth} deep`, { maxDepth }),
      );
    }
    if (holdsMoreValuesThan(req.body, maxValues)) {
      return next(new BadRequestError('BODY_TOO_MANY_VALUES', `The request body holds more than ${maxValues} values`, { maxValues }));
    }
    next();
  };
}
