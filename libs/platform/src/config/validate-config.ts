import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { isSecretSetting } from './production-rules';

/** Thrown at start-up when a setting is missing or malformed; its message is the one line an operator reads. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export type ConfigClass<T extends object> = new () => T;

function describe(error: ValidationError, raw: Record<string, unknown>): string {
  const expected = Object.values(error.constraints ?? {}).join('; ');
  const given = raw[error.property];
  // A secret's value is never echoed: this line goes to terminals, log collectors and CI output.
  const secret = error.target !== undefined && isSecretSetting(error.target, error.property);
  const shown =
    given === undefined
      ? error.value === undefined
        ? 'missing'
        : secret
          ? 'default, not shown'
          : `default ${JSON.stringify(error.value)}`
      : secret
        ? 'secret, not shown'
        : `got ${JSON.stringify(given)}`;
  return `${error.property} (${shown}): ${expected}`;
}

/**
 * Builds the validator of a config class: environment variables are converted to the typed class (defaults
 * come from property initialisers) and checked with class-validator.
 */
export function configValidator<T extends object>(schema: ConfigClass<T>) {
  return (raw: Record<string, unknown>): T => {
    const config = plainToInstance(schema, raw, {
      enableImplicitConversion: true,
      exposeDefaultValues: true,
    });
    const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
    if (errors.length > 0) {
      throw new ConfigurationError(`Invalid configuration: ${errors.map((e) => describe(e, raw)).join(' | ')}`);
    }
    return config;
  };
}
