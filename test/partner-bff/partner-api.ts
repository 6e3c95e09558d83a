import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEV_PARTNER_ADMIN_TOKEN,
  REPO_ROOT,
  type ContractProxy,
  assertAnswerKeepsContract,
  clientCredentialsToken,
  documentSchemaValidator,
  startContractProxy,
} from '@facet/testing';

/** The published v1 contract, as checked in: every answer the partner suites get is checked against it. */
export const PARTNER_CONTRACT_PATH = 'apps/partner-bff/openapi/v1.json';

interface ContractDocument {
  components?: object;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, Record<string, unknown>> }> }>>;
}

const contract = JSON.parse(readFileSync(path.join(REPO_ROOT, PARTNER_CONTRACT_PATH), 'utf8')) as ContractDocument;

/** Each NDJSON line of the export against the item schema the document names for it (a proxy checks only the whole body). */
const exportLineProblems = documentSchemaValidator(
  contract,
  contract.paths['/v1/products/export'].get.responses['200'].content!['application/x-ndjson']['x-item-schema'] as object,
);

/** Base URLs of the validating proxies this process started: partnerCall goes through nothing else. */
const proxies = new Set<string>();

/**
 * partner-bff behind a validating proxy (Stoplight Prism) holding the checked-in v1 document: the suites reach
 * partner-bff only through it, so an answer the document does not describe fails the call that got it.
 */
export async function startPartnerApi(upstream: string): Promise<ContractProxy> {
  const proxy = await startContractProxy({ document: PARTNER_CONTRACT_PATH, upstream });
  proxies.add(proxy.url);
  return proxy;
}

/** One answer of partner-bff, as a partner's server receives it; an NDJSON body is its parsed lines. */
export interface PartnerAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface PartnerCredential {
  apiKey?: string;
  token?: string;
}

/**
 * Checks an answer of partner-bff (through a proxy of startPartnerApi) against the contract and reads its body: any
 * violation the proxy reports of the answer fails the call, and so does an NDJSON line its item schema refuses.
 */
export async function contractAnswer<T>(method: string, url: string, response: Response): Promise<PartnerAnswer<T>> {
  if (![...proxies].some((proxy) => url.startsWith(`${proxy}/`))) {
    throw new Error(`${url} is not behind a contract proxy: reach partner-bff through startPartnerApi()`);
  }
  assertAnswerKeepsContract(method, url, response.status, response.headers);
  const text = await response.text();
  if (/^application\/x-ndjson/.test(response.headers.get('content-type') ?? '')) {
    const lines = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown);
    lines.forEach((line, index) => {
      const problems = exportLineProblems(line);
      if (problems.length > 0) throw new Error(`${method} ${url}: NDJSON line ${index + 1} breaks the contract: ${problems.join('; ')}`);
    });
    return { status: response.status, headers: response.headers, body: lines as T };
  }
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A call to partner-bff with an API key or a client-credentials token, through the contract proxy `baseUrl`. */
export async function partnerCall<T = unknown>(
  baseUrl: string,
  path: string,
  credential: PartnerCredential,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<PartnerAnswer<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (credential.apiKey !== undefined) headers['x-api-key'] = credential.apiKey;
  if (credential.token !== undefined) headers.authorization = `Bearer ${credential.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const method = init.method ?? 'GET';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  return contractAnswer<T>(method, `${baseUrl}${path}`, response);
}

/** Each line of an export as it arrives, checked against the document's item schema, without holding the body. */
export function exportLineChecker(url: string): (line: string, index: number) => unknown {
  return (line, index) => {
    const value = JSON.parse(line) as unknown;
    const problems = exportLineProblems(value);
    if (problems.length > 0) throw new Error(`GET ${url}: NDJSON line ${index + 1} breaks the contract: ${problems.join('; ')}`);
    return value;
  };
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
