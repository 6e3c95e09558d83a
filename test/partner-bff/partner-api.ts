import { DEV_PARTNER_ADMIN_TOKEN, clientCredentialsToken } from '@facet/testing';

/** One answer of partner-bff, as a partner's server receives it. */
export interface PartnerAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface PartnerCredential {
  apiKey?: string;
  token?: string;
}

/** A call to partner-bff with an API key or a client-credentials token. */
export async function partnerCall<T = unknown>(
  baseUrl: string,
  path: string,
  credential: PartnerCredential,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<PartnerAnswer<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (credential.apiKey !== undefined) headers['x-api-key'] = credential.apiKey;
  if (credential.token !== undefined) headers.authorization = `Bearer ${credential.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

export interface IssuedKey {
  api_key: string;
  key_id: string;
  partner_id: string;
  scopes: string[];
}

/** An operator's call to partner-bff's API-key routes on its management port, with the local stack's admin token. */
export async function adminCall<T = unknown>(
  managementUrl: string,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<PartnerAnswer<T>> {
  const response = await fetch(`${managementUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token ?? DEV_PARTNER_ADMIN_TOKEN}`,
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function issueKey(managementUrl: string, partnerId: string, scopes: string[]): Promise<IssuedKey> {
  const answer = await adminCall<IssuedKey>(managementUrl, '/admin/api-keys', {
    method: 'POST',
    body: { partner_id: partnerId, scopes, label: `e2e ${partnerId}` },
  });
  if (answer.status !== 201) throw new Error(`issuing a key answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** dev-idp's partner clients (dev-only secrets) and the partner each is. */
export const PARTNER_CLIENTS = {
  acme: {
    clientId: 'partner-acme',
    clientSecret: 'dev-only-partner-acme-secret',
    scope: 'partner:products:read partner:orders:read partner:shipments:write',
  },
  globex: {
    clientId: 'partner-globex',
    clientSecret: 'dev-only-partner-globex-secret',
    scope: 'partner:products:read partner:orders:read',
  },
} as const;

/** A partner's client-credentials token for the partner API (dev-idp's default audience for partner clients). */
export async function partnerToken(issuer: string, partner: keyof typeof PARTNER_CLIENTS): Promise<string> {
  return (await clientCredentialsToken({ issuer, ...PARTNER_CLIENTS[partner] })).access_token;
}

/** Every item of a listing, following `Link: <…>; rel="next"` from the first page, as a partner would. */
export async function walk<T>(baseUrl: string, firstPath: string, credential: PartnerCredential): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let path: string | undefined = firstPath;
  let pages = 0;
  while (path !== undefined) {
    const page: PartnerAnswer<{ data: T[]; next_cursor: string | null }> = await partnerCall(baseUrl, path, credential);
    if (page.status !== 200) throw new Error(`${path} answered ${page.status}: ${JSON.stringify(page.body)}`);
    items.push(...page.body.data);
    pages++;
    const link = page.headers.get('link');
    if ((link === null) !== (page.body.next_cursor === null)) throw new Error(`Link and next_cursor disagree on ${path}`);
    path = link === null ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
  }
  return { items, pages };
}
