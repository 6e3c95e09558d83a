import { type PipeTransform, type ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Every route's input is checked against its DTO; unknown properties are refused, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
