import 'reflect-metadata';
import { ValidateBy, type ValidationArguments } from 'class-validator';
import { isProtectedRedisUrl } from '../redis/redis-connection';

/**
 * What `NODE_ENV=production` changes: settings that are fine on a developer's machine but never in production
 * are refused at start-up. Every rule reads the config being validated, so it applies whatever the order of
 * the settings.
 */
export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** The prefix of every value the repository ships for the local stack and tests (e.g. `dev-only-web-bff-secret`). */
export const DEV_ONLY_PREFIX = 'dev-only';

const SECRET_SETTING = Symbol('facet:secret-setting');

/** A dev-only value anywhere in the setting, however it is spaced or cased, and in any item of a comma-separated list. */
function holdsDevOnlyValue(value: string): boolean {
  return value.split(',').some((item) => item.trim().toLowerCase().startsWith(DEV_ONLY_PREFIX));
}

function inProduction(args: ValidationArguments | undefined): boolean {
  return (args?.object as { NODE_ENV?: unknown } | undefined)?.NODE_ENV === 'production';
}

/** True when `key` of `config` is marked `@Secret()`: configuration errors never show its value. */
export function isSecretSetting(config: object, key: string): boolean {
  return Reflect.getMetadata(SECRET_SETTING, config, key) === true;
}

/**
 * A secret setting (client secret, encryption secret, a URL that may hold a password): configuration errors
 * never show its value, and production refuses the repository's `dev-only…` values.
 */
export function Secret(): PropertyDecorator {
  return (target, key) => {
    Reflect.defineMetadata(SECRET_SETTING, true, target, key);
    ValidateBy({
      name: 'notDevOnlyInProduction',
      validator: {
        validate: (value: unknown, args) => !(inProduction(args) && typeof value === 'string' && holdsDevOnlyValue(value)),
        defaultMessage: (args) => `${args?.property} is a dev-only value, which NODE_ENV=production refuses`,
      },
    })(target, key);
  };
}

/** In production the URL must be https (an issuer, a public origin: tokens and cookies travel through them). */
export function HttpsInProduction(): PropertyDecorator {
  return ValidateBy({
    name: 'httpsInProduction',
    validator: {
      validate: (value: unknown, args) => !inProduction(args) || typeof value !== 'string' || value.startsWith('https:'),
      defaultMessage: (args) => `${args?.property} must be an https URL when NODE_ENV=production`,
    },
  });
}

/** In production a Redis URL must use TLS (`rediss://`) or carry a password. */
export function ProtectedRedisUrlInProduction(): PropertyDecorator {
  return ValidateBy({
    name: 'protectedRedisUrlInProduction',
    validator: {
      validate: (value: unknown, args) => !inProduction(args) || typeof value !== 'string' || isProtectedRedisUrl(value),
      defaultMessage: (args) => `${args?.property} must be a rediss:// URL or carry a password when NODE_ENV=production`,
    },
  });
}

/** The setting must not be true in production (e.g. the sandbox's unauthenticated admin routes). */
export function NotTrueInProduction(): PropertyDecorator {
  return ValidateBy({
    name: 'notTrueInProduction',
    validator: {
      validate: (value: unknown, args) => !(inProduction(args) && value === true),
      defaultMessage: (args) => `${args?.property} must not be true when NODE_ENV=production`,
    },
  });
}
