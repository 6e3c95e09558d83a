import { parse as parseCookies } from 'cookie';
import type { Request } from 'express';

/** The value of the cookie `name` in the request's Cookie header. */
export function cookieFrom(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookies(header)[name] : undefined;
}
