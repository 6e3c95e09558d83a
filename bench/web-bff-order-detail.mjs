// Benchmark: web-bff `GET /api/orders/:id` against the real stack, side by side with a minimal hand-written
// aggregator (node:http + undici) that makes the same three backend calls.
//
//   npm run build:stack && node bench/web-bff-order-detail.mjs
//
// Targets (from the issue):
//   latency     with every backend at 20 ms injected latency, median ≤ 1.15 × the critical path (order, then
//               products and user in parallel: 40 ms)
//   throughput  with zero-latency backends, web-bff requests/s ≥ 0.6 × the baseline aggregator's, measured
//               alternately in one run (median over rounds), with no errors and both sides making exactly 3 backend
//               calls per request in every round (else they did not do the same work)
//
// Results go to bench/results/web-bff-order-detail.{json,md}. Knobs (environment): BENCH_LATENCY_REQUESTS (200),
// BENCH_LATENCY_WARMUP (20), BENCH_ROUNDS (5), BENCH_ROUND_SECONDS (5), BENCH_WARMUP_SECONDS (15),
// BENCH_CONCURRENCY (16), BENCH_MAX_REQUESTS_PER_ROUND (100000), BENCH_CPU_PROF (a folder: web-bff writes a
// .cpuprofile there), BENCH_RESULTS_DIR (bench/results) and BENCH_RESULTS_NAME (web-bff-order-detail),
// FACET_DIST_DIR (the compiled stack, default dist/stack). A benchmark measures and does not fail a build: it exits
// 0 whenever it ran (pass/fail is in the results) and 1 only when the run itself failed. The stack and the baseline
// are stopped in every case (also on Ctrl-C and after a time limit).
//
// The same file, started with `--baseline-server`, is the baseline aggregator (a child process of the benchmark,
// so it gets its own event loop as web-bff does instead of sharing the load generator's).

import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import {
  DIST,
  ROOT,
  UnexpectedAnswer,
  closedLoop,
  environment,
  failureCount,
  loadLib,
  median,
  round,
  runResources,
  summarize,
  writeResults,
  numberSetting,
} from './lib.mjs';

const SCRIPT = fileURLToPath(import.meta.url);

const SERVICE_CLIENT_ID = 'facet-web-bff';
// What dev-idp grants facet-web-bff for the backend audience (apps/dev-idp/src/provider/clients.ts, scopes.ts).
const SERVICE_SCOPE = 'orders:read products:read users:read';
const BACKEND_AUDIENCE = 'urn:facet:backend';
const SERVICES = ['order-service', 'product-service', 'user-service'];
// The order, its products (one batch) and its customer: the same for web-bff and the baseline.
const BACKEND_CALLS_PER_REQUEST = 3;
const CRITICAL_PATH_MS = 40;
const LATENCY_TARGET = 1.15;
const THROUGHPUT_TARGET = 0.6;
const REQUEST_TIMEOUT_MS = 10_000;

const loadTesting = () => loadLib('testing');

// ---------------------------------------------------------------------------------------------------------------
// The baseline: what a hand-written aggregator does for the same screen, and nothing else (no session, no
// validation, no resilience policies, no view mapping, no logging or metrics).
// ---------------------------------------------------------------------------------------------------------------

class ServiceToken {
  #token;
  #expiresAt = 0;
  #pending;

  constructor(issuer, testing) {
    this.issuer = issuer;
    this.testing = testing;
  }

  async get() {
    if (this.#token && Date.now() < this.#expiresAt - 30_000) return this.#token;
    // The stack's own dev-only secret for web-bff's client, so the baseline authenticates as web-bff does.
    const clientSecret = this.testing.DEV_ONLY_APP_ENV['web-bff'].OIDC_CLIENT_SECRET;
    this.#pending ??= this.testing
      .clientCredentialsToken({
        issuer: this.issuer,
        clientId: SERVICE_CLIENT_ID,
        clientSecret,
        scope: SERVICE_SCOPE,
        resource: BACKEND_AUDIENCE,
      })
      .then((set) => {
        this.#token = set.access_token;
        this.#expiresAt = Date.now() + set.expires_in * 1000;
        return this.#token;
      })
      .finally(() => (this.#pending = undefined));
    return this.#pending;
  }
}

class UpstreamError extends Error {}

const FLOOR_ANSWER = {
  authenticated: true,
  user: { id: 'u_0001', name: 'Ada Lovelace', email: 'ada@example.test' },
  session: { expiresAt: '2026-01-01T00:30:00.000Z', absoluteExpiresAt: '2026-01-01T08:00:00.000Z' },
  logoutUrl: '/auth/logout',
};

async function getJson(pool, requestPath, token) {
  const { statusCode, body } = await pool.request({
    method: 'GET',
    path: requestPath,
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  if (statusCode !== 200) {
    await body.dump();
    throw new UpstreamError(`${requestPath} answered ${statusCode}`);
  }
  return body.json();
}

async function runBaselineServer() {
  const testing = loadTesting();
  const pool = (url) => new Pool(url, { connections: 64, keepAliveTimeout: 4000 });
  const orders = pool(process.env.ORDER_SERVICE_URL);
  const products = pool(process.env.PRODUCT_SERVICE_URL);
  const users = pool(process.env.USER_SERVICE_URL);
  const tokens = new ServiceToken(process.env.OIDC_ISSUER_URL, testing);
  await tokens.get();

  const server = http.createServer((req, res) => {
    const send = (status, payload) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.url === '/__cpu') return send(200, process.cpuUsage());
    // The floor: an answer the size of web-bff's /auth/user with no backend call, for the per-request framework cost.
    if (req.url === '/__floor') return send(200, FLOOR_ANSWER);
    const match = /^\/orders\/([A-Za-z0-9_-]{1,64})$/.exec(req.url ?? '');
    if (req.method !== 'GET' || !match) return send(404, { error: 'not found' });
    void (async () => {
      const token = await tokens.get();
      const order = await getJson(orders, `/orders/${match[1]}`, token);
      const ids = [...new Set(order.items.map((item) => item.productId))];
      const [found, customer] = await Promise.all([
        getJson(products, `/products?ids=${ids.map(encodeURIComponent).join(',')}`, token),
        getJson(users, `/users/${encodeURIComponent(order.userId)}`, token),
      ]);
      send(200, { order, products: found.items, customer });
    })().catch((error) => send(error instanceof UpstreamError ? 502 : 500, { error: error.message }));
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

async function startBaseline(stack) {
  const child = fork(SCRIPT, ['--baseline-server'], {
    env: {
      ...process.env,
      OIDC_ISSUER_URL: stack.urls['dev-idp'],
      ORDER_SERVICE_URL: stack.urls['order-service'],
      PRODUCT_SERVICE_URL: stack.urls['product-service'],
      USER_SERVICE_URL: stack.urls['user-service'],
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the baseline aggregator exited (${code}) before it listened`)));
  });
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the baseline aggregator did not start')), 20_000).unref());
  const port = await Promise.race([ready, timeout]);
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------------------

/** One target of the comparison: where it is and how one of its requests looks for worker `i`. */
function target(name, url, requestFor, connections) {
  return { name, pool: new Pool(url, { connections, keepAliveTimeout: 30_000 }), requestFor };
}

async function timedRequest(t, worker) {
  const { path: requestPath, headers } = t.requestFor(worker);
  const started = performance.now();
  const { statusCode, body } = await t.pool.request({
    method: 'GET',
    path: requestPath,
    headers,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  const bytes = (await body.arrayBuffer()).byteLength;
  return { ms: performance.now() - started, ok: statusCode === 200, status: statusCode, bytes };
}

/** Closed-loop load on `t`: only 200 answers count as requests (and latency samples); the rest are errors. */
async function drive(t, load) {
  const { latencies, failures, seconds } = await closedLoop(async (worker) => {
    const result = await timedRequest(t, worker);
    if (!result.ok) throw new UnexpectedAnswer(result.status);
  }, load);
  const stats = summarize(latencies);
  return {
    requests: latencies.length,
    errors: failures,
    seconds: round(seconds, 3),
    rps: round(latencies.length / seconds, 1),
    latencyMs: { median: round(stats.median), p99: round(stats.p99) },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The stack's sandbox controls and a few probes
// ---------------------------------------------------------------------------------------------------------------

async function call(url, init = {}) {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

function setFaults(stack, faults) {
  return Promise.all(
    SERVICES.map((service) =>
      faults
        ? call(`${stack.urls[service]}/__admin/faults`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(faults),
          })
        : call(`${stack.urls[service]}/__admin/faults`, { method: 'DELETE' }),
    ),
  );
}

async function resetStats(stack) {
  await Promise.all(SERVICES.map((service) => call(`${stack.urls[service]}/__admin/stats`, { method: 'DELETE' })));
}

async function downstreamCalls(stack) {
  const snapshots = await Promise.all(SERVICES.map((service) => call(`${stack.urls[service]}/__admin/stats`)));
  return Object.assign({}, ...snapshots.map((snapshot) => snapshot.requests));
}

/** The whole machine's CPU time so far (Linux /proc/stat), as idle and total milliseconds; null elsewhere. */
function machineCpu() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const tickMs = 10; // USER_HZ is 100 on Linux
    return { idleMs: (fields[3] + fields[4]) * tickMs, totalMs: fields.reduce((sum, n) => sum + n, 0) * tickMs };
  } catch {
    return null;
  }
}

const loadGeneratorCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function servicesCpuSeconds(stack) {
  const seconds = await Promise.all(SERVICES.map((service) => cpuSeconds('service', stack.managementUrls[service])));
  return seconds.reduce((sum, n) => sum + n, 0);
}

/** A process's CPU seconds so far: the baseline's `/__cpu`, or a Facet app's `/metrics` on its management URL. */
async function cpuSeconds(kind, url) {
  if (kind === 'baseline') {
    const usage = await call(`${url}/__cpu`);
    return (usage.user + usage.system) / 1e6;
  }
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  const match = /^process_cpu_seconds_total(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(text);
  const seconds = match ? Number(match[1]) : NaN;
  // A missing or unreadable figure would turn every CPU column into NaN: stop the run instead.
  if (!response.ok || !Number.isFinite(seconds)) {
    throw new Error(`${url}/metrics (${response.status}) gives no process_cpu_seconds_total: ${text.slice(0, 200)}`);
  }
  return seconds;
}

// ---------------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const settings = {
    latencyRequests: numberSetting('BENCH_LATENCY_REQUESTS', 200),
    latencyWarmup: numberSetting('BENCH_LATENCY_WARMUP', 20),
    injectedLatencyMs: 20,
    rounds: numberSetting('BENCH_ROUNDS', 5),
    roundSeconds: numberSetting('BENCH_ROUND_SECONDS', 5),
    // web-bff and the services take 15-20 s of load to reach their steady cost per request (JIT, heap sizing).
    warmupSeconds: numberSetting('BENCH_WARMUP_SECONDS', 15),
    concurrency: numberSetting('BENCH_CONCURRENCY', 16),
    maxRequestsPerRound: numberSetting('BENCH_MAX_REQUESTS_PER_ROUND', 100_000),
    productCacheTtlMs: 0,
  };
  const profileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  const resultsName = process.env.BENCH_RESULTS_NAME ?? 'web-bff-order-detail';
  const resultsDir = path.resolve(ROOT, process.env.BENCH_RESULTS_DIR ?? 'bench/results');
  const testing = loadTesting();
  const { DEV_USER_PASSWORD: devPassword } = loadLib('sandbox');
  // A closed pipe (`| head`) must not kill the run before it has stopped the stack.
  process.stdout.on('error', () => undefined);
  const log = (line) => process.stdout.write(`${line}\n`);
  const appLog = [];

  const resources = runResources(log, 'the stack');
  const budgetMs =
    180_000 +
    (settings.latencyWarmup + settings.latencyRequests) * 2 * 1000 +
    // Throughput and floor rounds, both sides, with their warm-ups; doubled for a slow machine.
    (settings.rounds * 4 * settings.roundSeconds + 2 * settings.warmupSeconds + 6) * 1000 * 2;
  const watchdog = setTimeout(() => resources.abort(`still running after ${Math.round(budgetMs / 1000)} s`), budgetMs);
  watchdog.unref();

  try {
    log(`starting the stack from ${path.relative(ROOT, DIST) || DIST} ...`);
    const quiet = { LOG_LEVEL: 'error' };
    const stack = await testing.startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff'],
      env: {
        'dev-idp': quiet,
        'user-service': quiet,
        'product-service': quiet,
        'order-service': quiet,
        'web-bff': {
          ...quiet,
          PRODUCT_CACHE_TTL_MS: '0',
          ...(profileDir ? { NODE_OPTIONS: `--require ${writeProfilerPreload(profileDir)}` } : {}),
        },
      },
      readyTimeoutMs: 60_000,
      distDir: DIST,
      onLog: (app, line) => {
        appLog.push(`${app}: ${line}`);
        if (appLog.length > 50) appLog.shift();
      },
    });
    resources.add(() => stack.stop());
    await setFaults(stack, undefined);
    const bffUrl = stack.urls['web-bff'];

    // Who asks for what: ada (u_0001) for the latency phase; for the throughput phase one logged-in user per
    // load worker, so no two requests in flight share a user token and URL (web-bff coalesces identical GETs in
    // flight: 16 workers all asking for one order as one user would measure coalescing, not aggregation).
    const serviceToken = await new ServiceToken(stack.urls['dev-idp'], testing).get();
    const asService = { authorization: `Bearer ${serviceToken}`, accept: 'application/json' };
    const userIds = Array.from({ length: settings.concurrency }, (_, i) => `u_${String(i + 1).padStart(4, '0')}`);
    const { items: profiles } = await call(`${stack.urls['user-service']}/users?ids=${userIds.join(',')}`, { headers: asService });
    log(`logging in ${profiles.length} users at web-bff through dev-idp ...`);
    const sessions = [];
    for (const profile of profiles) {
      const { items: orders } = await call(`${stack.urls['order-service']}/orders?userId=${profile.id}&limit=100`, { headers: asService });
      const distinct = (order) => new Set(order.items.map((item) => item.productId)).size;
      const order = [...orders].sort((a, b) => distinct(b) - distinct(a))[0];
      if (!order) throw new Error(`${profile.id} has no orders`);
      const login = await testing.loginToWebBff({ webBffUrl: bffUrl, email: profile.email, password: devPassword });
      sessions.push({
        userId: profile.id,
        email: profile.email,
        orderId: order.id,
        products: distinct(order),
        cookie: login.setCookie.split(';')[0],
      });
    }
    const ada = sessions[0];
    log(`ada's order ${ada.orderId} has ${ada.products} distinct products`);

    const baseline = await startBaseline(stack);
    resources.add(() => baseline.stop());

    const bffRequest = (session) => ({
      path: `/api/orders/${session.orderId}`,
      headers: { cookie: session.cookie, 'x-csrf': '1', accept: 'application/json' },
    });
    const baselineRequest = (session) => ({ path: `/orders/${session.orderId}`, headers: { accept: 'application/json' } });

    // Both answer, and web-bff's answer is complete (every product found, nothing degraded).
    const probe = await fetch(`${bffUrl}${bffRequest(ada).path}`, { headers: bffRequest(ada).headers });
    const detail = await probe.json();
    if (probe.status !== 200) throw new Error(`web-bff answered ${probe.status}: ${JSON.stringify(detail)}`);
    if (detail.degraded.length > 0 || detail.items.some((line) => line.product === null) || detail.customer === null) {
      throw new Error(`web-bff's answer is degraded: ${JSON.stringify(detail.degraded)}`);
    }
    await call(`${baseline.url}${baselineRequest(ada).path}`);

    // ---- latency: 20 ms on every service, one request at a time --------------------------------------------
    log(`latency: ${settings.injectedLatencyMs} ms injected on each service, ${settings.latencyRequests} sequential requests each ...`);
    await setFaults(stack, { latencyMs: settings.injectedLatencyMs, jitterMs: 0, errorRate: 0, hang: false });
    // One direct call to order-service shows what a single 20 ms hop really costs here (timer, JWT check, Nest):
    // the critical path in practice is two such hops, which is the floor for both aggregators.
    const latencyTargets = [
      target('web-bff', bffUrl, () => bffRequest(ada), 1),
      target('baseline', baseline.url, () => baselineRequest(ada), 1),
      target('order-service hop', stack.urls['order-service'], () => ({ path: `/orders/${ada.orderId}`, headers: asService }), 1),
    ];
    resources.add(() => Promise.all(latencyTargets.map((t) => t.pool.close())));
    const samples = Object.fromEntries(latencyTargets.map((t) => [t.name, []]));
    const failures = Object.fromEntries(latencyTargets.map((t) => [t.name, 0]));
    const bytes = {};
    for (let i = 0; i < settings.latencyWarmup + settings.latencyRequests; i++) {
      // Interleaved, so drift on the shared machine hits all alike.
      for (const t of i % 2 === 0 ? latencyTargets : [...latencyTargets].reverse()) {
        const result = await timedRequest(t, 0);
        bytes[t.name] = result.bytes;
        if (!result.ok) failures[t.name]++;
        else if (i >= settings.latencyWarmup) samples[t.name].push(result.ms);
      }
    }
    const latency = {
      injectedLatencyMsPerService: settings.injectedLatencyMs,
      criticalPathMs: CRITICAL_PATH_MS,
      'web-bff': { ...roundAll(summarize(samples['web-bff'])), failures: failures['web-bff'], responseBytes: bytes['web-bff'] },
      baseline: { ...roundAll(summarize(samples.baseline)), failures: failures.baseline, responseBytes: bytes.baseline },
      orderServiceHop: { ...roundAll(summarize(samples['order-service hop'])), failures: failures['order-service hop'] },
    };
    latency.ratio = round(latency['web-bff'].median / CRITICAL_PATH_MS, 3);
    latency.baselineRatio = round(latency.baseline.median / CRITICAL_PATH_MS, 3);
    latency.overBaseline = round(latency['web-bff'].median / latency.baseline.median, 3);
    latency.webBffOverheadMs = round(latency['web-bff'].median - latency.baseline.median);
    latency.pass = latency.ratio <= LATENCY_TARGET && failures['web-bff'] === 0;
    log(
      `  web-bff median ${latency['web-bff'].median} ms (p90 ${latency['web-bff'].p90}, p99 ${latency['web-bff'].p99}) = ` +
        `${latency.ratio} × 40 ms; baseline median ${latency.baseline.median} ms; one order-service hop ${latency.orderServiceHop.median} ms`,
    );

    // ---- throughput: no faults, closed-loop load, alternating rounds ------------------------------------------
    await setFaults(stack, undefined);
    const { concurrency } = settings;
    const loadTargets = {
      'web-bff': target('web-bff', bffUrl, (worker) => bffRequest(sessions[worker % sessions.length]), concurrency),
      baseline: target('baseline', baseline.url, (worker) => baselineRequest(sessions[worker % sessions.length]), concurrency),
    };
    resources.add(() => Promise.all(Object.values(loadTargets).map((t) => t.pool.close())));
    const load = { seconds: settings.roundSeconds, concurrency, maxRequests: settings.maxRequestsPerRound };
    log(`throughput: warming up ${settings.warmupSeconds} s each ...`);
    for (const t of Object.values(loadTargets)) await drive(t, { ...load, seconds: settings.warmupSeconds });
    const rounds = [];
    for (let r = 0; r < settings.rounds; r++) {
      // ABBA order, so neither side always runs first after a pause.
      const order = r % 2 === 0 ? ['web-bff', 'baseline'] : ['baseline', 'web-bff'];
      const entry = { round: r + 1 };
      for (const name of order) {
        await resetStats(stack);
        const cpuUrl = name === 'web-bff' ? stack.managementUrls['web-bff'] : baseline.url;
        const cpuBefore = await cpuSeconds(name, cpuUrl);
        const servicesBefore = await servicesCpuSeconds(stack);
        const machineBefore = machineCpu();
        const loadBefore = loadGeneratorCpuMs();
        const result = await drive(loadTargets[name], load);
        const loadUsedMs = loadGeneratorCpuMs() - loadBefore;
        const machineAfter = machineCpu();
        const servicesUsed = (await servicesCpuSeconds(stack)) - servicesBefore;
        const cpuUsed = (await cpuSeconds(name, cpuUrl)) - cpuBefore;
        const perRequest = (ms) => round(ms / Math.max(1, result.requests), 3);
        const calls = await downstreamCalls(stack);
        const totalCalls = Object.values(calls).reduce((sum, n) => sum + n, 0);
        entry[name] = {
          ...result,
          aggregatorCpuMsPerRequest: perRequest(cpuUsed * 1000),
          servicesCpuMsPerRequest: perRequest(servicesUsed * 1000),
          loadGeneratorCpuMsPerRequest: perRequest(loadUsedMs),
          machineIdleShare:
            machineBefore && machineAfter
              ? round((machineAfter.idleMs - machineBefore.idleMs) / Math.max(1, machineAfter.totalMs - machineBefore.totalMs), 3)
              : null,
          downstreamCallsPerRequest: round(totalCalls / Math.max(1, result.requests), 3),
          // Exact on the counts: the rounded ratio could hide a stray call or two.
          exactDownstreamCalls: result.requests > 0 && totalCalls === BACKEND_CALLS_PER_REQUEST * result.requests,
          downstreamCalls: calls,
        };
      }
      entry.ratio = round(entry['web-bff'].rps / entry.baseline.rps, 3);
      rounds.push(entry);
      log(
        `  round ${r + 1}: web-bff ${entry['web-bff'].rps} req/s, baseline ${entry.baseline.rps} req/s, ratio ${entry.ratio}` +
          ` (CPU ms/request ${entry['web-bff'].aggregatorCpuMsPerRequest} vs ${entry.baseline.aggregatorCpuMsPerRequest})`,
      );
    }
    const pick = (name, field) => round(median(rounds.map((entry) => entry[name][field])), 3);
    const machineShare = (name) => ({
      medianRps: pick(name, 'rps'),
      medianCpuMsPerRequest: pick(name, 'aggregatorCpuMsPerRequest'),
      medianServicesCpuMsPerRequest: pick(name, 'servicesCpuMsPerRequest'),
      medianLoadGeneratorCpuMsPerRequest: pick(name, 'loadGeneratorCpuMsPerRequest'),
      medianMachineIdleShare: rounds.some((entry) => entry[name].machineIdleShare === null) ? null : pick(name, 'machineIdleShare'),
    });
    const throughput = {
      concurrency,
      roundSeconds: settings.roundSeconds,
      rounds,
      'web-bff': machineShare('web-bff'),
      baseline: machineShare('baseline'),
      medianRoundRatio: round(median(rounds.map((entry) => entry.ratio)), 3),
      errors: rounds.reduce((sum, entry) => sum + failureCount(entry['web-bff'].errors) + failureCount(entry.baseline.errors), 0),
      // Both sides must do the same work: exactly 3 backend calls per request, in every round.
      backendCallsPerRequest: BACKEND_CALLS_PER_REQUEST,
      exactBackendCalls: rounds.every((entry) => entry['web-bff'].exactDownstreamCalls && entry.baseline.exactDownstreamCalls),
    };
    throughput.ratio = round(throughput['web-bff'].medianRps / throughput.baseline.medianRps, 3);
    // How many times the baseline's CPU time web-bff spends on one request (the aggregator process alone), and
    // the most one core could serve at that cost: a Node process runs its JavaScript on one core.
    const bffCpu = throughput['web-bff'].medianCpuMsPerRequest;
    throughput.cpuPerRequestOverBaseline = round(bffCpu / throughput.baseline.medianCpuMsPerRequest, 2);
    throughput['web-bff'].oneCoreCeilingRps = round(1000 / bffCpu, 0);
    throughput.pass = throughput.ratio >= THROUGHPUT_TARGET && throughput.errors === 0 && throughput.exactBackendCalls;

    // ---- floor: each side's CPU per request with no backend call (not a target; it explains the ratio) -------
    // web-bff's /auth/user runs the whole request path (security headers, request context, logging, metrics,
    // CSRF and session guards, JSON) and calls no service; the baseline's /__floor answers the same size of JSON.
    const floorTargets = {
      'web-bff': target(
        'web-bff /auth/user',
        bffUrl,
        (worker) => ({ ...bffRequest(sessions[worker % sessions.length]), path: '/auth/user' }),
        concurrency,
      ),
      baseline: target(
        'baseline /__floor',
        baseline.url,
        () => ({ path: '/__floor', headers: { accept: 'application/json' } }),
        concurrency,
      ),
    };
    resources.add(() => Promise.all(Object.values(floorTargets).map((t) => t.pool.close())));
    log('floor: no backend calls ...');
    const floorRounds = [];
    for (const t of Object.values(floorTargets)) await drive(t, { ...load, seconds: 3 });
    for (let r = 0; r < settings.rounds; r++) {
      const entry = {};
      for (const name of r % 2 === 0 ? ['web-bff', 'baseline'] : ['baseline', 'web-bff']) {
        const cpuUrl = name === 'web-bff' ? stack.managementUrls['web-bff'] : baseline.url;
        const cpuBefore = await cpuSeconds(name, cpuUrl);
        const result = await drive(floorTargets[name], load);
        const cpuUsed = (await cpuSeconds(name, cpuUrl)) - cpuBefore;
        entry[name] = {
          rps: result.rps,
          errors: result.errors,
          cpuMsPerRequest: round((cpuUsed * 1000) / Math.max(1, result.requests), 3),
        };
      }
      floorRounds.push(entry);
    }
    const floorPick = (name, field) => round(median(floorRounds.map((entry) => entry[name][field])), 3);
    const floor = {
      rounds: floorRounds,
      'web-bff': {
        route: 'GET /auth/user',
        medianRps: floorPick('web-bff', 'rps'),
        medianCpuMsPerRequest: floorPick('web-bff', 'cpuMsPerRequest'),
      },
      baseline: {
        route: 'GET /__floor',
        medianRps: floorPick('baseline', 'rps'),
        medianCpuMsPerRequest: floorPick('baseline', 'cpuMsPerRequest'),
      },
      errors: floorRounds.reduce((sum, entry) => sum + failureCount(entry['web-bff'].errors) + failureCount(entry.baseline.errors), 0),
    };
    // The share of web-bff's order-page CPU that its request path costs before any aggregation.
    floor.shareOfOrderPage = round(floor['web-bff'].medianCpuMsPerRequest / throughput['web-bff'].medianCpuMsPerRequest, 2);
    log(
      `  web-bff /auth/user ${floor['web-bff'].medianCpuMsPerRequest} ms CPU/request, baseline /__floor ${floor.baseline.medianCpuMsPerRequest} ms`,
    );

    const results = {
      benchmark: 'web-bff GET /api/orders/:id (order detail)',
      date: new Date().toISOString(),
      environment: environment(),
      settings: { ...settings, cpuProfileDir: profileDir ? path.relative(ROOT, profileDir) : undefined },
      workload: {
        latencyUser: ada.userId,
        latencyOrder: ada.orderId,
        latencyOrderDistinctProducts: ada.products,
        throughputSessions: sessions.map(({ userId, orderId, products }) => ({ userId, orderId, distinctProducts: products })),
        productCache: 'off (PRODUCT_CACHE_TTL_MS=0): every web-bff request calls the product service',
        webBffIdentity: "the session user's access token, relayed",
        baselineIdentity: 'a client-credentials service token (facet-web-bff), cached until 30 s before expiry',
      },
      targets: { latencyMedianOverCriticalPath: LATENCY_TARGET, throughputRatio: THROUGHPUT_TARGET },
      latency,
      throughput,
      floor,
    };
    const markdown = summaryMarkdown(results);
    const written = writeResults(resultsDir, resultsName, results, markdown);
    log(`\n${markdown}`);
    log(`written: ${path.relative(ROOT, written)}.{json,md}`);
  } catch (error) {
    if (resources.aborted()) return; // the requests in flight failed because the stack is being stopped
    log(`benchmark failed: ${error.stack ?? error}`);
    if (appLog.length > 0) log(`last app output:\n${appLog.join('\n')}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    await resources.cleanup();
  }
}

/**
 * Node 20 refuses `--cpu-prof` in NODE_OPTIONS, so web-bff is profiled by a preload that starts the in-process
 * inspector's profiler and writes a `.cpuprofile` (Chrome DevTools, speedscope) when the process exits.
 */
function writeProfilerPreload(dir) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'start-profiler.cjs');
  writeFileSync(
    file,
    `const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
session.post('Profiler.start');
process.on('exit', () => {
  // The in-process session answers synchronously, so this completes inside the exit handler.
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(${JSON.stringify(dir)} + '/web-bff-' + process.pid + '.cpuprofile', JSON.stringify(result.profile));
  });
});
`,
  );
  return file;
}

function roundAll(stats) {
  return Object.fromEntries(Object.entries(stats).map(([key, value]) => [key, round(value)]));
}

function summaryMarkdown({ date, environment, settings, workload, latency, throughput, floor }) {
  const mark = (pass) => (pass ? 'PASS' : 'FAIL');
  const bff = latency['web-bff'];
  const callsPerRound = (name) => throughput.rounds.map((r) => r[name].downstreamCallsPerRequest).join(' / ');
  return `# web-bff \`GET /api/orders/:id\`: latency and throughput

Run ${date} on Node ${environment.node}, ${environment.cpus} CPU(s) (${environment.cpuModel}), load average at the end ${environment.loadAverageAtEnd.join(' / ')}.
Command: \`npm run build:stack && node bench/web-bff-order-detail.mjs\`. Raw numbers: \`web-bff-order-detail.json\`.

| target | measured | result |
|---|---|---|
| latency: median ≤ ${LATENCY_TARGET} × ${CRITICAL_PATH_MS} ms critical path (20 ms per service) | ${bff.median} ms = ${latency.ratio} × | ${mark(latency.pass)} |
| throughput: web-bff ≥ ${THROUGHPUT_TARGET} × baseline (no injected latency), no errors, both sides exactly ${throughput.backendCallsPerRequest} backend calls per request in every round | ${throughput['web-bff'].medianRps} / ${throughput.baseline.medianRps} req/s = ${throughput.ratio} ×; errors ${throughput.errors}; calls per request per round: web-bff ${callsPerRound('web-bff')}, baseline ${callsPerRound('baseline')} | ${mark(throughput.pass)} |

**Latency** (${settings.latencyRequests} sequential requests after ${settings.latencyWarmup} warm-up, interleaved with the baseline; ada's order ${workload.latencyOrder}, ${workload.latencyOrderDistinctProducts} distinct products):

| | median | p90 | p99 | max | median / 40 ms |
|---|---|---|---|---|---|
| web-bff | ${bff.median} ms | ${bff.p90} ms | ${bff.p99} ms | ${bff.max} ms | ${latency.ratio} |
| baseline aggregator | ${latency.baseline.median} ms | ${latency.baseline.p90} ms | ${latency.baseline.p99} ms | ${latency.baseline.max} ms | ${latency.baselineRatio} |
| one order-service call, direct | ${latency.orderServiceHop.median} ms | ${latency.orderServiceHop.p90} ms | ${latency.orderServiceHop.p99} ms | ${latency.orderServiceHop.max} ms | |

web-bff median over the baseline's: ${latency.overBaseline} × (+${latency.webBffOverheadMs} ms). A 20 ms hop costs ${latency.orderServiceHop.median} ms here, so the critical path in practice is about ${round(2 * latency.orderServiceHop.median, 1)} ms, not 40.

**Throughput** (${settings.rounds} alternating rounds × ${settings.roundSeconds} s, ${settings.concurrency} closed-loop workers over an undici Pool, one logged-in user and order per worker; medians over rounds):

| | req/s | aggregator CPU ms / request | three services' CPU ms / request | load generator CPU ms / request | machine idle | downstream calls / request, per round |
|---|---|---|---|---|---|---|
${['web-bff', 'baseline']
  .map((name) => {
    const side = throughput[name];
    const idle = side.medianMachineIdleShare === null ? 'n/a' : `${round(side.medianMachineIdleShare * 100, 1)} %`;
    const calls = callsPerRound(name);
    return `| ${name === 'baseline' ? 'baseline aggregator' : name} | ${side.medianRps} | ${side.medianCpuMsPerRequest} | ${side.medianServicesCpuMsPerRequest} | ${side.medianLoadGeneratorCpuMsPerRequest} | ${idle} | ${calls} |`;
  })
  .join('\n')}

Per round (web-bff / baseline req/s): ${throughput.rounds.map((r) => `${r['web-bff'].rps} / ${r.baseline.rps}`).join('; ')}. Ratio of medians ${throughput.ratio}, median of per-round ratios ${throughput.medianRoundRatio}; web-bff spends ${throughput.cpuPerRequestOverBaseline} × the baseline's CPU time per request. Errors: ${throughput.errors}.

**Floor** (not a target: each side's CPU per request with no backend call at all, ${settings.rounds} alternating rounds × ${settings.roundSeconds} s; medians): web-bff \`GET /auth/user\` (security headers, request context, logging, metrics, CSRF and session guards, JSON) ${floor['web-bff'].medianCpuMsPerRequest} ms at ${floor['web-bff'].medianRps} req/s; the baseline's \`GET /__floor\` (the same size of JSON from plain node:http) ${floor.baseline.medianCpuMsPerRequest} ms at ${floor.baseline.medianRps} req/s. web-bff's request path alone is ${floor.shareOfOrderPage} of its order-page CPU per request. Errors: ${floor.errors}.

Notes:
- Product cache off in web-bff (\`PRODUCT_CACHE_TTL_MS=0\`): every request really calls the product service, as the baseline does.
- The baseline is a node:http server (its own process) that calls order-service, then product-service and user-service in parallel, with undici keep-alive pools and a cached service token, and returns the three JSON bodies; no session, validation, resilience, view mapping, logging or metrics.
- web-bff relays the session user's token; the baseline uses a client-credentials token: the backend verifies a JWT either way.
- The services' share matters as much as the aggregators': every request costs the machine the aggregator's CPU plus the services' plus the load generator's, so the cheaper the services, the closer the ratio comes to the ratio of the two aggregators' own CPU per request.
- The machine has ${environment.cpus} cores shared by the load generator, web-bff or the baseline, three services and dev-idp (and other work on the machine: see the load average), which compresses both sides and makes rounds noisy; the CPU-per-request column is the steadier comparison of the two aggregators. At ${throughput['web-bff'].medianCpuMsPerRequest} ms of CPU per request one core caps web-bff at about ${throughput['web-bff'].oneCoreCeilingRps} req/s, and here it never has a core to itself.
`;
}

if (process.argv[2] === '--baseline-server') {
  runBaselineServer().catch((error) => {
    process.stderr.write(`baseline aggregator: ${error.stack ?? error}\n`);
    process.exit(1);
  });
} else {
  await main();
}
