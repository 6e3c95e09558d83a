import { Injectable, type PipeTransform } from '@nestjs/common';
import { RequestValidationError } from '@facet/platform';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** The property may not be given together with any of `others` (e.g. `ids` with search parameters). */
export function NotCombinedWith(others: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notCombinedWith',
      constraints: [others],
      validator: {
        validate: (_value, args) => others.every((other) => (args?.object as Record<string, unknown>)[other] === undefined),
        defaultMessage: (args) => `${args?.property} cannot be combined with ${others.join(', ')}`,
      },
    },
    options,
  );
}

/**
 * For routes that take no query (or no body): every property given is refused, naming it, as DTOs refuse
 * unknown properties. (A DTO class without properties cannot do this: class-validator rejects it outright.)
 */
@Injectable()
export class NoPropertiesPipe implements PipeTransform<unknown, Record<string, never>> {
  transform(value: unknown): Record<string, never> {
    const fields = value !== null && typeof value === 'object' ? Object.keys(value) : [];
    if (fields.length > 0) {
      throw new RequestValidationError(fields.map((field) => ({ field, problems: [`property ${field} should not exist`] })));
    }
    return {};
  }
}
