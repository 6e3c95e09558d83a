import { applyDecorators } from '@nestjs/common';
import { IsOptional, Matches } from 'class-validator';
import { Secret } from './production-rules';

const ROTATED_SECRETS_FORMAT = /^([^,\s]{32,}(,[^,\s]{32,})*)?$/;

/**
 * The secrets a current one replaced (key rotation): optional, comma-separated, each at least 32 characters, never
 * shown. What they sealed or signed is still read; nothing new uses them.
 */
export function RotatedSecrets(): PropertyDecorator {
  return applyDecorators(
    Secret(),
    IsOptional(),
    Matches(ROTATED_SECRETS_FORMAT, {
      message: ({ property }) => `${property} must be comma-separated secrets of at least 32 characters each (no spaces or commas inside)`,
    }),
  );
}

/** A RotatedSecrets() setting as a list (empty when unset). */
export function rotatedSecretsOf(setting: string | undefined): string[] {
  return setting?.split(',').filter(Boolean) ?? [];
}
