import { request as httpRequest } from 'node:http';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { clientCredentialsToken, mobileAppLogin } from '@facet/testing';

/** One answer of mobile-bff, as a phone receives it. */
export interface MobileAnswer<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface MobileCall {
  token?: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A call to mobile-bff with the app's bearer token; fetch decompresses, so `text` is the JSON itself. */
export async function mobileCall<T = unknown>(baseUrl: string, path: string, call: MobileCall = {}): Promise<MobileAnswer<T>> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method: call.method ?? 'GET',
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  const text = await response.text();
  const json = /json/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: response.headers, text, body: (json && text ? JSON.parse(text) : undefined) as T };
}

/** The bytes on the wire, undecoded (fetch would decompress them): for compression checks. */
export function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every scope the mobile app may ask for. */
export const ALL_MOBILE_SCOPES = 'openid orders:read orders:write products:read users:read';

/** The phone app's access token for mobile-bff, from a scripted PKCE login as a seeded user. */
export async function phoneToken(issuer: string, email: string, scope = ALL_MOBILE_SCOPES): Promise<string> {
  return (await mobileAppLogin({ issuer, email, password: DEV_USER_PASSWORD, scope })).access_token;
}

/** A trusted service's backend token (client credentials): the ground truth the BFF's answers are checked against. */
export async function groundTruthToken(issuer: string): Promise<string> {
  const tokens = await clientCredentialsToken({
    issuer,
    clientId: 'facet-partner-bff',
    clientSecret: 'dev-only-partner-bff-secret',
    scope: 'orders:read users:read products:read',
  });
  return tokens.access_token;
}
