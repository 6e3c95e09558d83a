import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { type PasswordLoginResult, clientCredentialsToken, loginWithPassword } from '@facet/testing';

/** Everything the backend services offer, as dev-idp grants it to first-party clients. */
export const BACKEND_SCOPES = 'orders:read orders:write products:read users:read';

/** A trusted service's own token (client credentials), as a BFF holds one: every backend scope unless told. */
export async function serviceToken(issuer: string, scope = BACKEND_SCOPES): Promise<string> {
  const tokens = await clientCredentialsToken({
    issuer,
    clientId: 'facet-mobile-bff',
    clientSecret: 'dev-only-mobile-bff-secret',
    scope,
  });
  return tokens.access_token;
}

/**
 * A seeded user's tokens, from a real login at dev-idp through the mobile app's public client (PKCE), with every
 * backend scope unless told.
 */
export function userLogin(issuer: string, email: string, scope = BACKEND_SCOPES): Promise<PasswordLoginResult> {
  return loginWithPassword({
    issuer,
    clientId: 'facet-mobile',
    redirectUri: 'com.facet.mobile:/oauth/callback',
    scope: `openid ${scope}`,
    email,
    password: DEV_USER_PASSWORD,
  });
}

export interface Answer {
  status: number;
  headers: Headers;
  // Response bodies are asserted on, not typed: e2e suites check the contract's shapes themselves.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  token?: string;
  method?: string;
  /** Sent as JSON; a string is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One HTTP request to a running app, its JSON answer parsed. */
export async function call(url: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** The fields a `400 VALIDATION_FAILED` answer names. */
export function invalidFields(answer: Answer): string[] {
  expect(answer.status).toBe(400);
  expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  return (answer.body.error.details.fields as { field: string }[]).map((problem) => problem.field);
}
