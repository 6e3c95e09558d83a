import { toFieldProblems } from '@facet/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { fastDecoder } from './fast-check';

/** Checks and converts a 2xx body; throws `ContractViolation` when it breaks the contract. */
export type Decoder<T> = (data: unknown) => T;

/** A body that does not match the downstream payload model; the message names the fields. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

const MAX_FIELDS_NAMED = 5;

function describe(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'an array';
  if (typeof data === 'string') return data.length === 0 ? 'empty' : 'text, not JSON';
  return `a ${typeof data}`;
}

/**
 * A decoder for one payload model: the body is turned into the class (nested models included) and
 * validated, so a backend that changes shape is caught here with the field named, not later as a
 * TypeError in a mapper. Extra properties are allowed (adding a field is a compatible change) and are
 * dropped by the mappers.
 *
 * A fast check derived from the same metadata (./fast-check.ts) accepts the common, valid body without
 * running class-transformer and class-validator (it hands over the same model instances, minus the
 * undeclared extras); anything it does not certainly accept takes the full path below, so the error
 * messages are the ones class-validator produces.
 */
export function payloadDecoder<T extends object>(model: new () => T): Decoder<T> {
  const fast = fastDecoder(model);
  return (data) => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new ContractViolation(`body is ${describe(data)}, expected a JSON object`);
    }
    const decoded = fast(data);
    if (decoded !== undefined) return decoded;
    const payload = plainToInstance(model, data);
    const errors = validateSync(payload, { forbidUnknownValues: true, validationError: { target: false, value: false } });
    if (errors.length > 0) {
      const fields = toFieldProblems(errors);
      const named = fields.slice(0, MAX_FIELDS_NAMED).map((f) => `${f.field}: ${f.problems.join(', ')}`);
      const more = fields.length > MAX_FIELDS_NAMED ? ` (and ${fields.length - MAX_FIELDS_NAMED} more)` : '';
      throw new ContractViolation(`${named.join('; ')}${more}`);
    }
    return payload;
  };
}

/** For bodies a typed client does not read (pass-through): any JSON, or nothing. */
export const anyBody: Decoder<unknown> = (data) => data;
