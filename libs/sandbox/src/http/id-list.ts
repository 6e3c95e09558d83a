import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';

const MAX_BATCH_IDS = 100;

/** What every reference-world id looks like (`u_0001`, `p_0001`, `o_00001`, `u_0001_a1`). */
const ID = '[A-Za-z0-9_-]{1,64}';
const RESOURCE_ID = new RegExp(`^${ID}$`);
const ID_LIST = new RegExp(`^${ID}(,${ID}){0,${MAX_BATCH_IDS - 1}}$`);

/** One id in a query or body; `kind` completes the message, e.g. `a user id such as u_0001`. */
export function IsResourceId(kind: string): PropertyDecorator {
  return applyDecorators(IsString(), Matches(RESOURCE_ID, { message: ({ property }) => `${property} must be ${kind}` }));
}

/** A query parameter holding 1–100 comma-separated ids (`ids=p_0001,p_0002`). */
export function IsIdList(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(ID_LIST, { message: ({ property }) => `${property} must be 1 to ${MAX_BATCH_IDS} comma-separated ids` }),
  );
}

/** The ids of a list validated by `@IsIdList()`, each once, in the order asked. */
export function splitIdList(list: string): string[] {
  return [...new Set(list.split(','))];
}

export interface BatchResult<T> {
  /** The asked ids that exist, each once, in the order asked. */
  items: T[];
  /** The asked ids that do not exist (or that the caller may not see). */
  missing: string[];
}

export function batchLookup<T>(ids: readonly string[], find: (id: string) => T | undefined): BatchResult<T> {
  const result: BatchResult<T> = { items: [], missing: [] };
  for (const id of ids) {
    const item = find(id);
    if (item === undefined) result.missing.push(id);
    else result.items.push(item);
  }
  return result;
}
