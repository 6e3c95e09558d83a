import { IsUrl, Matches, ValidateBy } from 'class-validator';
import { parseRedisUrl } from '../redis/redis-connection';

/** http(s) URLs as settings: a scheme is required; host names need no TLD (localhost, in-cluster service names). */
const HTTP_URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** An http(s) URL setting, such as an issuer identifier (which may end with a slash) or a service's base URL. */
export function IsHttpUrl(): PropertyDecorator {
  return IsUrl(HTTP_URL_OPTIONS);
}

/** An http(s) origin that paths are appended to (`${url}/auth/callback`), so it must not end with a slash. */
export function IsHttpOrigin(): PropertyDecorator {
  return (target, key) => {
    IsUrl(HTTP_URL_OPTIONS)(target, key);
    Matches(/[^/]$/, { message: `${String(key)} must not end with a slash` })(target, key);
  };
}

/** A REDIS_URL in one of the forms parseRedisUrl reads (one server, a cluster, a Sentinel set). */
export function IsRedisUrl(): PropertyDecorator {
  return ValidateBy({
    name: 'isRedisUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && redisUrlProblem(value) === undefined,
      defaultMessage: (args) =>
        `${args?.property} must be redis://, rediss://, redis+cluster:// or redis+sentinel:// (${typeof args?.value === 'string' ? redisUrlProblem(args.value) : 'not a string'})`,
    },
  });
}

function redisUrlProblem(value: string): string | undefined {
  try {
    parseRedisUrl(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
