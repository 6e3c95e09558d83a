import { IsUrl, Matches } from 'class-validator';

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
