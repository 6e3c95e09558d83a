import type { SeededRandom } from '@facet/sandbox';

/** A route as Nest maps it, `METHOD /path` (`GET /api/orders/:id`, `ALL /api/proxy/:service/{*path}`). */
export type MappedRoute = string;

const MAPPED_LINE = /Mapped \{(.+), ([A-Z]+)\}(?: \(version: [^)]*\))? route/;

/**
 * The routes an app mapped, read from its "Mapped {/path, METHOD} route" start-up log lines (LOG_LEVEL=info),
 * so a suite can hold its own route list to what the running app serves.
 */
export function mappedRoutes(logLines: readonly string[]): MappedRoute[] {
  const routes = logLines.flatMap((line) => {
    const match = MAPPED_LINE.exec(line);
    return match ? [`${match[2]} ${match[1]}`] : [];
  });
  return [...new Set(routes)].sort();
}

/** The seed a fuzz run uses: `FUZZ_SEED` to replay one, else a fresh one (the suite prints it when it fails). */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.FUZZ_SEED;
  if (given === undefined || given === '') return Math.floor(Math.random() * 2 ** 32);
  const seed = Number(given);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`FUZZ_SEED must be an integer in [0, 2^32), not ${given}`);
  return seed;
}

/** One generated request: enough to send it and to print it when it fails. */
export interface HostileRequest {
  route: MappedRoute;
  method: string;
  /** Path and query, as sent (the URL parser may still normalise dot segments). */
  target: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** What a suite knows of a route's inputs: values that reach past validation, beside the hostile ones. */
export interface RouteInputs {
  /** Plausible values per path parameter name (`id`, `service`) and for a wildcard's segments (`path`). */
  params?: Record<string, readonly string[]>;
  /** Query parameter names the route reads. */
  query?: readonly string[];
  /** Plausible JSON bodies. */
  bodies?: readonly unknown[];
}

export interface HostileRequestOptions {
  /** Headers that make a request count as the client's own (session cookie, `X-CSRF: 1`); often sent, sometimes not. */
  credentials?: Record<string, string>;
  /** Routes whose requests never carry the credentials (e.g. logout, which would end the suite's session). */
  withoutCredentials?: readonly MappedRoute[];
  inputs?: Record<MappedRoute, RouteInputs>;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const HOSTILE_SEGMENTS = [
  '',
  '.',
  '..',
  '%2e%2e',
  '%00',
  '%',
  '%ZZ',
  '%FF',
  '%C0%AF',
  '%2F',
  '%5C',
  ';',
  ' ',
  '%20',
  '💥',
  '%F0%9F%92%A5',
  '__proto__',
  'constructor',
  'prototype',
  "'%20OR%201=1--",
  '%3Cscript%3E',
  '$%7Bjndi:ldap:x%7D',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '99999999999999999999999',
  'o_',
  'o_1e3',
  'o_00001%0A',
  'stats',
  'new',
];

const HOSTILE_VALUES = [
  '',
  ' ',
  '%00',
  '%',
  '%E0%A4%A',
  '-1',
  '0',
  '1.5',
  '1e309',
  'NaN',
  'Infinity',
  'true',
  'null',
  '[]',
  '{}',
  '💥',
  '%F0%9F%92%A5',
  '%0D%0ASet-Cookie:%20x=1',
  '..%2F..%2Fetc%2Fpasswd',
  '%2F%2Fevil.example',
  'https://evil.example/',
  'javascript:alert(1)',
  '__proto__',
  "'%20OR%201=1--",
  '%3Cscript%3Ealert(1)%3C/script%3E',
];

const HOSTILE_QUERY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'a[b]', 'a[0]', '', '%00', 'x'.repeat(300)];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16le',
  'application/json; charset=latin1',
  'application/json; charset=nonsense',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/vnd.api+json',
  '*/*',
  'garbage',
];

const ACCEPTS = ['application/json', 'text/html', '*/*', 'application/xml', 'text/event-stream', ''];

function repeat(text: string, times: number): string {
  return text.repeat(Math.max(0, times));
}

/** Nested arrays or objects `depth` deep: the body that once overflowed the validation step's stack. */
export function deeplyNestedJson(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array' ? `${repeat('[', depth)}${repeat(']', depth)}` : `${repeat('{"a":', depth)}1${repeat('}', depth)}`;
}

/** A random JSON value, a few levels deep, with awkward keys and scalars. */
function randomJson(random: SeededRandom, depth = 0): unknown {
  const kind = random.int(0, depth > 3 ? 4 : 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 99]);
    case 2:
      return random.pick(['', 'x', '💥', '\u0000', '\ud800', 'o_00001', 'p_0001', repeat('a', 1000)]);
    case 3:
      return random.chance(0.5);
    case 4:
      return random.pick(['__proto__', 'constructor', 'items', 'logout_token']);
    case 5:
      return Array.from({ length: random.int(0, 4) }, () => randomJson(random, depth + 1));
    default: {
      const keys = ['items', 'productId', 'quantity', 'shippingAddressId', 'logout_token', 'constructor', 'toString', 'x'];
      return Object.fromEntries(Array.from({ length: random.int(0, 4) }, () => [random.pick(keys), randomJson(random, depth + 1)]));
    }
  }
}

function hostileBody(random: SeededRandom, inputs: RouteInputs | undefined): string | Uint8Array {
  switch (random.int(0, 11)) {
    case 0:
      return '';
    case 1:
      return deeplyNestedJson(random.int(100, 6000), random.chance(0.7) ? 'array' : 'object');
    case 2:
      return random.pick(['{', '[1,', '{"items":}', 'nul', '"', '{"a":1}}', '\u0000', '{"a":"\\u00"}', '01', '[1e99999]']);
    case 3:
      return JSON.stringify(randomJson(random));
    case 4:
      return '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
    case 5:
      // Just over the platform's default 100 kb body limit.
      return JSON.stringify({ items: repeat('x', 110 * 1024) });
    case 6:
      return 'a=1&a=2&__proto__[x]=1&items[0][productId]=p&%ZZ=%';
    case 7:
      return Uint8Array.from({ length: random.int(1, 64) }, () => random.int(0, 255));
    case 8:
      return JSON.stringify(random.pick(['string', 42, true, null, []]));
    default: {
      const plausible = inputs?.bodies;
      if (!plausible || plausible.length === 0) return JSON.stringify(randomJson(random));
      const body = structuredClone(random.pick(plausible));
      // Plausible bodies, sometimes with one extra or one awkward member.
      if (random.chance(0.5) && typeof body === 'object' && body !== null && !Array.isArray(body)) {
        (body as Record<string, unknown>)[random.pick(['extra', 'toString', 'items', 'userId'])] = randomJson(random);
      }
      return JSON.stringify(body);
    }
  }
}

function pathFor(random: SeededRandom, route: MappedRoute, inputs: RouteInputs | undefined): string {
  const template = route.slice(route.indexOf(' ') + 1);
  const segment = (name: string): string => {
    const plausible = inputs?.params?.[name];
    return plausible && random.chance(0.5) ? random.pick(plausible) : random.pick(HOSTILE_SEGMENTS);
  };
  const path = template
    .replace(/\{\*(\w+)\}|\*(\w+)/g, (_all, optional: string | undefined, required: string | undefined) =>
      Array.from({ length: random.int(optional ? 0 : 1, 3) }, () => segment(optional ?? required ?? 'path')).join('/'),
    )
    .replace(/:(\w+)/g, (_all, name: string) => segment(name));
  return random.chance(0.1) ? `${path}/${random.pick(HOSTILE_SEGMENTS)}` : path;
}

function queryFor(random: SeededRandom, inputs: RouteInputs | undefined): string {
  const known = inputs?.query ?? [];
  const pairs = Array.from({ length: random.int(0, 4) }, () => {
    const key = known.length > 0 && random.chance(0.7) ? random.pick(known) : random.pick(HOSTILE_QUERY_KEYS);
    const value = random.chance(0.3) ? String(random.int(1, 200)) : random.pick(HOSTILE_VALUES);
    return random.chance(0.1) ? key : `${key}=${value}`;
  });
  return pairs.length > 0 ? `?${pairs.join('&')}` : random.chance(0.05) ? '?' : '';
}

function headersFor(random: SeededRandom, credentials: Record<string, string> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (credentials && random.chance(0.85)) Object.assign(headers, credentials);
  if (random.chance(0.7)) headers.accept = random.pick(ACCEPTS);
  if (random.chance(0.15)) headers.origin = random.pick(['https://evil.example', 'null', 'http://localhost', '']);
  if (random.chance(0.15)) headers['idempotency-key'] = random.pick(['', 'k', repeat('k', 300), 'cl\u00e9', 'a b', '\t']);
  if (random.chance(0.1)) headers['x-request-id'] = random.pick(['', repeat('r', 1000), 'id with spaces', '../../x']);
  if (random.chance(0.1)) headers.traceparent = random.pick(['00-zz-zz-01', `00-${repeat('0', 32)}-${repeat('0', 16)}-01`, 'garbage']);
  if (random.chance(0.1)) headers['x-csrf'] = random.pick(['0', '', 'yes', '1, 1']);
  if (random.chance(0.1))
    headers.cookie = random.pick(['__Host-facet-session=forged', '__Host-facet-session=', 'a=b; ; =', repeat('c=1; ', 200)]);
  if (random.chance(0.05)) headers['content-encoding'] = random.pick(['gzip', 'deflate', 'br', 'nonsense']);
  if (random.chance(0.05)) headers.range = random.pick(['bytes=0-0', 'bytes=-1', 'bytes=x']);
  if (random.chance(0.05)) headers['accept-encoding'] = random.pick(['gzip;q=abc', '*', 'nonsense']);
  return headers;
}

/**
 * A generated hostile request to one of the routes: odd path segments and query strings, malformed, deep, huge,
 * binary or prototype-polluting bodies, awkward headers, the wrong method now and then. The same random state
 * always gives the same request.
 */
export function hostileRequest(random: SeededRandom, routes: readonly MappedRoute[], options: HostileRequestOptions = {}): HostileRequest {
  const route = random.pick(routes);
  const mappedMethod = route.slice(0, route.indexOf(' '));
  const inputs = options.inputs?.[route];
  const method = mappedMethod === 'ALL' || random.chance(0.1) ? random.pick(METHODS) : mappedMethod;
  const target = `${pathFor(random, route, inputs)}${queryFor(random, inputs)}`;
  const credentials = options.withoutCredentials?.includes(route) ? undefined : options.credentials;
  const headers = headersFor(random, credentials);
  let body: string | Uint8Array | undefined;
  if (method !== 'GET' && method !== 'HEAD' && (method !== 'OPTIONS' || random.chance(0.2)) && random.chance(0.9)) {
    body = hostileBody(random, inputs);
    if (random.chance(0.85)) headers['content-type'] = random.chance(0.6) ? 'application/json' : random.pick(CONTENT_TYPES);
  }
  return { route, method, target, headers, body };
}

const clip = (text: string, length = 120): string => (text.length > length ? `${text.slice(0, length)}…(${text.length})` : text);

/** A request in one line, long values clipped, for a failure message (the seed replays it whole). */
export function describeHostileRequest(request: HostileRequest): string {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, clip(value, 60)]));
  const body =
    request.body === undefined
      ? ''
      : typeof request.body === 'string'
        ? ` body=${JSON.stringify(clip(request.body, 80))}`
        : ` body=(${request.body.length} bytes)`;
  return `${request.method} ${clip(request.target)} headers=${JSON.stringify(headers)}${body}`;
}

export interface HostileRunOptions {
  /** Bound of each request: a request still unanswered after it is a hang, and a failure. */
  timeoutMs: number;
  /** How many requests are in flight at once. */
  concurrency: number;
  /** Paths whose 4xx answers must be the JSON error shape (an API's, not a page's). */
  jsonErrorsUnder: RegExp;
}

function isErrorShape(text: string): boolean {
  try {
    return typeof (JSON.parse(text) as { error?: { code?: unknown } }).error?.code === 'string';
  } catch {
    return false;
  }
}

async function problemWith(baseUrl: string, request: HostileRequest, options: HostileRunOptions): Promise<string | undefined> {
  const url = new URL(request.target, baseUrl);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as { name?: unknown }).name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : String(error);
    return `${cause}: ${describeHostileRequest(request)}`;
  }
  if (response.status >= 500) return `${response.status} ${text.slice(0, 200)}: ${describeHostileRequest(request)}`;
  if (response.status >= 400 && request.method !== 'HEAD' && options.jsonErrorsUnder.test(url.pathname)) {
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('application/json') || !isErrorShape(text))
      return `${response.status} not the JSON error shape (${type}) ${text.slice(0, 200)}: ${describeHostileRequest(request)}`;
  }
  return undefined;
}

/** Sends the requests, a few at a time, and returns what went wrong: 5xx answers, non-JSON API errors, hangs. */
export async function sendHostileRequests(
  baseUrl: string,
  requests: readonly HostileRequest[],
  options: HostileRunOptions,
): Promise<string[]> {
  const problems: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const problem = await problemWith(baseUrl, requests[next++], options);
      if (problem) problems.push(problem);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return problems;
}
