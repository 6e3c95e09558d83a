import {
  BFF_APPS,
  type BffApp,
  type ContractProxy,
  type CookieJar,
  type RunningStack,
  acceptsConnections,
  eventually,
  loginToWebBff,
  startStack,
  webApi,
} from '@facet/testing';
import { DEV_USER_PASSWORD } from '@facet/sandbox';
import { phoneToken } from '../mobile-bff/mobile-api';
import { issueKey, partnerCall, startPartnerApi } from '../partner-bff/partner-api';

/** Each call to a backend may take this long, and all its attempts together the deadline (BffConfig). */
const ATTEMPT_TIMEOUT_MS = 1000;
const DEADLINE_MS = 2500;
/**
 * A client gives up this long after the deadline: an answer that has not come by then is one the deadline did not
 * bound (a BFF waiting on a hung backend). Generous, for a loaded 2-core machine; a hang without a deadline never ends.
 */
const CLIENT_PATIENCE_MS = DEADLINE_MS + 4000;
/** How long SIGTERM lets in-flight requests finish (under startStack's 5 s before SIGKILL). */
const SHUTDOWN_GRACE_MS = 4000;

/** One answer a BFF gave under load, reduced to what the checks read. */
interface Answer {
  bff: BffApp;
  route: string;
  status: number;
  /** The degraded parts a screen named (web and mobile); empty for a whole answer. */
  degraded: string[];
  /** The error code of a 4xx/5xx, from the JSON error shape or problem details. */
  code?: string;
  retryAfter: string | null;
  /** Set when no HTTP answer came: refused, reset, or the client's patience ran out. */
  failure?: string;
}

interface Degradable {
  degraded?: { part: string }[];
  error?: { code: string };
  code?: string;
}

/**
 * The three BFFs in front of the reference services, under light concurrent load from each BFF's own client, while
 * the order service is killed, hangs, or answers 200 with bodies its callers cannot use, and while a BFF itself is
 * stopped. Screens for people degrade (web, mobile: 200 with `degraded`), the partner API answers 503 with
 * Retry-After rather than a partial list, nothing answers 500, no BFF process dies, and the other routes keep serving.
 */
describe('the BFFs under load while a backend fails', () => {
  let stack: RunningStack;
  let partner: ContractProxy;
  let webJar: CookieJar;
  let phone: string;
  let apiKey: string;
  const pids = {} as Record<BffApp, number | undefined>;

  beforeAll(async () => {
    const bffEnv = {
      DOWNSTREAM_ATTEMPT_TIMEOUT_MS: String(ATTEMPT_TIMEOUT_MS),
      DOWNSTREAM_DEADLINE_MS: String(DEADLINE_MS),
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_GRACE_MS),
      // The load is this suite's own; the clients' budgets are not what it tests.
      RATE_LIMITS: 'read=1000000/60,write=1000000/60,export=10/3600',
    };
    stack = await startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', ...BFF_APPS],
      env: { 'web-bff': bffEnv, 'mobile-bff': bffEnv, 'partner-bff': bffEnv },
    });
    partner = await startPartnerApi(stack.urls['partner-bff']);
    ({ jar: webJar } = await loginToWebBff({ webBffUrl: stack.urls['web-bff'], email: 'ada@example.test', password: DEV_USER_PASSWORD }));
    phone = await phoneToken(stack.urls['dev-idp'], 'grace@example.test');
    apiKey = (await issueKey(stack.managementUrls['partner-bff'], 'acme', ['partner:orders:read', 'partner:products:read'])).api_key;
    for (const bff of BFF_APPS) pids[bff] = stack.pid(bff);
  });

  afterAll(async () => {
    await partner?.stop();
    await stack?.stop();
  });

  const faults = async (body?: object): Promise<void> => {
    const res = await fetch(`${stack.urls['order-service']}/__admin/faults`, {
      method: body === undefined ? 'DELETE' : 'PUT',
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`order-service faults: ${res.status} ${await res.text()}`);
  };

  /** Each BFF as its own client calls it: the web page with its session, the phone with its token, a partner's server through the contract proxy. */
  const read = async (response: Response) => ({
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Degradable,
  });
  const clients: Record<BffApp, (route: string, signal: AbortSignal) => Promise<{ status: number; headers: Headers; body: Degradable }>> = {
    'web-bff': (route, signal) => webApi(webJar, `${stack.urls['web-bff']}${route}`, { signal }).then(read),
    'mobile-bff': (route, signal) =>
      fetch(`${stack.urls['mobile-bff']}${route}`, { headers: { authorization: `Bearer ${phone}` }, signal }).then(read),
    'partner-bff': (route, signal) => partnerCall<Degradable>(partner.url, route, { apiKey }, { signal }),
  };

  /** One request of a BFF's own client, with the client's patience; never throws. */
  const call = async (bff: BffApp, route: string): Promise<Answer> => {
    try {
      const answer = await clients[bff](route, AbortSignal.timeout(CLIENT_PATIENCE_MS));
      const { status, headers, body } = answer;
      return {
        bff,
        route,
        status,
        degraded: (body.degraded ?? []).map((part) => part.part),
        code: body.error?.code ?? body.code,
        retryAfter: headers.get('retry-after'),
      };
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      return {
        bff,
        route,
        status: 0,
        degraded: [],
        retryAfter: null,
        failure: `${(error as Error).message}${cause ? `: ${cause.message}` : ''}`,
      };
    }
  };

  /** Each BFF's main screen that needs the order service: what the faults below take away. */
  const MAIN: Record<BffApp, string> = { 'web-bff': '/api/dashboard', 'mobile-bff': '/v1/home', 'partner-bff': '/v1/orders?limit=5' };
  /** A route of each BFF that does not need the order service: it must keep serving whatever the order service does. */
  const OTHER: Record<BffApp, string> = {
    'web-bff': '/api/products?limit=5',
    'mobile-bff': '/v1/products?limit=5',
    'partner-bff': '/v1/products?limit=5',
  };

  /** Two clients per BFF calling its main screen back to back until stopped; resolves with every answer. */
  const load = (routes: Record<BffApp, string> = MAIN) => {
    const answers: Answer[] = [];
    let running = true;
    const workers = BFF_APPS.flatMap((bff) =>
      [1, 2].map(async () => {
        while (running) answers.push(await call(bff, routes[bff]));
      }),
    );
    return {
      answers,
      stop: async (): Promise<Answer[]> => {
        running = false;
        await Promise.all(workers);
        return answers;
      },
    };
  };

  /** An answer that says "this part is missing, the rest is here", or the partner API's "retry later". */
  const degradedAsDesigned = (answer: Answer): boolean =>
    answer.bff === 'partner-bff'
      ? answer.status === 503 && answer.code === 'BACKEND_UNAVAILABLE' && Number(answer.retryAfter) > 0
      : answer.status === 200 && answer.degraded.length > 0;
  const whole = (answer: Answer): boolean => answer.status === 200 && answer.degraded.length === 0;
  const summary = (answers: Answer[]): Record<string, number> =>
    answers.reduce<Record<string, number>>((counts, a) => {
      const key = `${a.bff} ${a.route} ${a.status}${a.code ? ` ${a.code}` : ''}${a.degraded.length ? ` degraded:${a.degraded.join('+')}` : ''}${a.failure ? ` ${a.failure}` : ''}`;
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});

  /** Waits until every BFF's main screen is whole again (the order service's circuit may have to half-open first). */
  const recovered = async (what: string): Promise<void> => {
    for (const bff of BFF_APPS) await eventually(async () => whole(await call(bff, MAIN[bff])), `${bff} ${what}`);
  };

  afterEach(async () => {
    if (stack.pid('order-service') === undefined) await stack.startApp('order-service');
    await faults();
  });

  it('answers every main screen whole before any fault', async () => {
    for (const bff of BFF_APPS) expect(await call(bff, MAIN[bff])).toMatchObject({ status: 200, degraded: [] });
  });

  it('keeps answering while the order service is killed under load, degraded as designed, and whole again once it is back', async () => {
    const running = load();
    await eventually(() => running.answers.filter(whole).length >= 6, 'answers under load before the kill');
    const killedAt = running.answers.length;
    await stack.stopApp('order-service');
    await eventually(
      () => BFF_APPS.every((bff) => running.answers.slice(killedAt).some((a) => a.bff === bff && degradedAsDesigned(a))),
      'every BFF answering degraded while the order service is down',
    );
    await stack.startApp('order-service');
    const backAt = running.answers.length;
    // The breaker half-opens within 10 s (halfOpenAfterMs) of its last failed probe: whole answers return by then.
    await eventually(
      () => BFF_APPS.every((bff) => running.answers.slice(backAt).some((a) => a.bff === bff && whole(a))),
      'every BFF whole again once the order service is back',
      15_000,
    );
    const answers = await running.stop();

    const unexpected = answers.filter((a) => !whole(a) && !degradedAsDesigned(a));
    expect(summary(unexpected)).toEqual({});
    for (const bff of BFF_APPS) expect(stack.pid(bff)).toBe(pids[bff]);
  });

  it('answers within its deadline while the order service hangs, and keeps serving the routes that do not need it', async () => {
    await faults({ hang: true });
    const main = load();
    const other = load(OTHER);
    await eventually(
      () => BFF_APPS.every((bff) => main.answers.filter((a) => a.bff === bff).length >= 4),
      'several answers from every BFF while the order service hangs',
      30_000,
    );
    const [mainAnswers, otherAnswers] = await Promise.all([main.stop(), other.stop()]);

    // No answer outlived the client's patience (deadline + margin), and each is the designed degradation.
    expect(summary(mainAnswers.filter((a) => !degradedAsDesigned(a)))).toEqual({});
    expect(summary(otherAnswers.filter((a) => !whole(a)))).toEqual({});
    await faults();
    await recovered('whole again once the order service stops hanging');
    for (const bff of BFF_APPS) expect(stack.pid(bff)).toBe(pids[bff]);
  });

  it.each(['malformed-json', 'changed-shape'] as const)(
    'names a %s answer of the order service as its problem, never a 500, and keeps serving the other routes',
    async (responseBody) => {
      await faults({ responseBody });
      for (const bff of BFF_APPS) {
        const main = await call(bff, MAIN[bff]);
        expect(degradedAsDesigned(main) ? 'degraded as designed' : main).toBe('degraded as designed');
        expect(await call(bff, OTHER[bff])).toMatchObject({ status: 200, degraded: [] });
      }
      // A route that is the order service's answer and nothing else says what went wrong.
      const detail = await call('web-bff', '/api/orders/o_0001');
      expect(detail).toMatchObject({ status: 502, code: 'DOWNSTREAM_INVALID_RESPONSE' });
      const mobileDetail = await call('mobile-bff', '/v1/orders/o_0001');
      expect(mobileDetail).toMatchObject({ status: 502, code: 'DOWNSTREAM_INVALID_RESPONSE' });
      await faults();
      await recovered(`whole again after ${responseBody}`);
      for (const bff of BFF_APPS) expect(stack.pid(bff)).toBe(pids[bff]);
    },
  );

  it.each(BFF_APPS)('%s finishes its in-flight requests on SIGTERM under load, refuses new connections, and exits 0', async (bff) => {
    // Slow answers from the order service (within the attempt timeout) keep the BFF's requests in flight while it is
    // told to stop.
    await faults({ latencyMs: ATTEMPT_TIMEOUT_MS - 200 });
    const statsTotal = async (): Promise<number> =>
      ((await (await fetch(`${stack.urls['order-service']}/__admin/stats`)).json()) as { total: number }).total;
    const before = await statsTotal();
    const inFlight = [1, 2, 3].map(() => call(bff, MAIN[bff]));
    let settled = 0;
    for (const request of inFlight) void request.finally(() => settled++);
    // Identical reads in flight share one backend call (coalescing): one arrival means all three are waiting on it.
    await eventually(async () => (await statsTotal()) > before, `${bff}'s requests reaching the order service`);

    const stopped = stack.stopApp(bff);
    let refusedWhileFinishing = false;
    await eventually(async () => {
      const accepted = await acceptsConnections(stack.ports[bff]);
      refusedWhileFinishing = !accepted && settled === 0;
      return !accepted;
    }, `${bff} refusing new connections after SIGTERM`);
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(refusedWhileFinishing).toBe(true);
    expect(await stopped).toEqual({ code: 0, signal: null });

    await faults();
    await stack.startApp(bff);
    // A new process: without Redis, the sessions and API keys of the one stopped went with it.
    if (bff === 'partner-bff') {
      apiKey = (await issueKey(stack.managementUrls['partner-bff'], 'acme', ['partner:orders:read', 'partner:products:read'])).api_key;
    }
    if (bff === 'web-bff') {
      ({ jar: webJar } = await loginToWebBff({ webBffUrl: stack.urls['web-bff'], email: 'ada@example.test', password: DEV_USER_PASSWORD }));
    }
    pids[bff] = stack.pid(bff);
    expect(await call(bff, MAIN[bff])).toMatchObject({ status: 200, degraded: [] });
  });
});
