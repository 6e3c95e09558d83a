import { type ArgumentMetadata, type PipeTransform, type ValidationError, ValidationPipe } from '@nestjs/common';
import { FacetError } from './facet-error';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens nested class-validator errors into `items.0.quantity`-style field paths. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldProblem[] = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

export class RequestValidationError extends FacetError {
  override readonly name = 'RequestValidationError';
  constructor(readonly fields: FieldProblem[]) {
    super('VALIDATION_FAILED', `Invalid request: ${fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; ')}`, 400, { fields });
  }
}

/**
 * Names of Object.prototype's members given as input keys (`?constructor=1`, `{"toString": 2}`), with their paths.
 * class-transformer skips such keys, so the whitelist never sees them: they would be dropped silently, not refused.
 */
function prototypeKeys(value: unknown, parent = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => {
    const field = parent ? `${parent}.${key}` : key;
    return key in Object.prototype ? [field] : prototypeKeys((value as Record<string, unknown>)[key], field);
  });
}

/**
 * Query parameters given more than once (`?limit=2&limit=3`, which the query parser turns into an array). No
 * Facet query takes a list that way (lists are comma-separated, `ids=a,b`), and a scalar rule checked against an
 * array answers with messages about the wrong thing.
 */
function repeatedKeys(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, given]) => (Array.isArray(given) ? [key] : []));
}

/**
 * The platform's pipe: a DTO's input may hold no key it does not declare, not even one named like `constructor`,
 * and a query parameter is given once.
 */
class FacetValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (this.toValidate(metadata)) {
      const refused = prototypeKeys(value);
      if (refused.length > 0) {
        throw new RequestValidationError(refused.map((field) => ({ field, problems: [`property ${field} should not exist`] })));
      }
      const repeated = metadata.type === 'query' ? repeatedKeys(value) : [];
      if (repeated.length > 0) {
        throw new RequestValidationError(repeated.map((field) => ({ field, problems: [`${field} must be given once`] })));
      }
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Every route's input is checked against its DTO; unknown properties are refused, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new FacetValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new RequestValidationError(toFieldProblems(errors)),
  });
}

/**
 * Checks one string route parameter against a pattern: the cheap way to validate ids on hot routes (a DTO costs a
 * class-transformer and class-validator pass per request). Refusals have the same shape as the ValidationPipe's.
 */
export class MatchesPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly pattern: RegExp,
    private readonly field: string,
    private readonly problem: string,
  ) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !this.pattern.test(value)) {
      throw new RequestValidationError([{ field: this.field, problems: [this.problem] }]);
    }
    return value;
  }
}
