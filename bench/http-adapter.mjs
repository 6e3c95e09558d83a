// Benchmark: what the HTTP adapter costs per request (issue 18, part A: decide the adapter by measurement). In one
// run, alternating rounds of closed-loop load on loopback against separate server processes answering the same
// small JSON: plain node:http, a bare Nest app on Express and on Fastify, the same route in an app built on
// libs/platform on Express and on Fastify (the platform lib unchanged), and web-bff's no-backend route
// (`GET /auth/user` without a session) on Express as the reference.
//
//   npm run build:stack && node bench/http-adapter.mjs      (or `npm run bench:adapter`)
//
// Per variant: req/s and the server process's CPU time per request (median of the rounds), and both as ratios to
// node:http. Before the load, the platform variants are checked for what the platform promises (the one JSON
// error shape, X-Request-Id, route-labelled metrics, one request log line per request): where the lib does not
// work on Fastify unchanged, the checks say which piece fails.
//
// Knobs (environment): BENCH_ROUNDS (5), BENCH_ROUND_SECONDS (3), BENCH_WARMUP_SECONDS (5), BENCH_CONCURRENCY (16),
// BENCH_MAX_REQUESTS_PER_ROUND (100000), BENCH_RESULTS_DIR (bench/results), BENCH_RESULTS_NAME (http-adapter),
// FACET_DIST_DIR (the compiled stack, default dist/stack). It exits 0 whenever it ran and 1 only when the run itself
// failed; every process it starts is stopped in every case (also on Ctrl-C and after a time limit).
// `node bench/http-adapter.mjs --markdown` rewrites the Markdown from the recorded JSON and
// bench/http-adapter-decision.md (the decision, kept by hand), without measuring.

import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import os from 'node:os';
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

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'http-adapter-server.mjs');
const REQUEST_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 60_000;

/** The variants, in the order of the tables. `kind` says how the process is started and its CPU time read. */
const VARIANTS = [
  { name: 'node-http', kind: 'server', label: 'plain node:http', path: '/answer' },
  { name: 'nest-express', kind: 'server', label: 'bare Nest on Express', path: '/answer' },
  { name: 'nest-fastify', kind: 'server', label: 'bare Nest on Fastify', path: '/answer' },
  { name: 'platform-express', kind: 'server', label: 'Nest + libs/platform on Express (createApp)', path: '/answer', platform: true },
  {
    name: 'platform-express-silent',
    kind: 'server',
    label: 'the same with LOG_LEVEL=silent (request logger runs, writes nothing)',
    path: '/answer',
  },
  { name: 'platform-fastify', kind: 'server', label: 'Nest + libs/platform, unchanged, on Fastify', path: '/answer', platform: true },
  { name: 'web-bff', kind: 'web-bff', label: 'web-bff `GET /auth/user`, no session (Express)', path: '/auth/user', platform: true },
];

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(force);
}

// ---------------------------------------------------------------------------------------------------------------
// Starting the variants. Each process writes its output to its own file (request logs included), so writing them
// costs what it would in production and the run can count the request log lines afterwards.
// ---------------------------------------------------------------------------------------------------------------

/** One of bench/http-adapter-server.mjs's variants; its CPU time comes over IPC. */
async function startServer(variant, logFile) {
  const fd = openSync(logFile, 'w');
  const child = fork(SERVER, [variant.name], { stdio: ['ignore', fd, fd, 'ipc'] });
  closeSync(fd);
  const ask = (message, key) =>
    withTimeout(
      new Promise((resolve) => {
        const onMessage = (answer) => {
          if (answer[key] === undefined) return;
          child.off('message', onMessage);
          resolve(answer[key]);
        };
        child.on('message', onMessage);
        child.send(message);
      }),
      REQUEST_TIMEOUT_MS,
      `${variant.name} did not answer "${message}"`,
    );
  const port = await withTimeout(
    new Promise((resolve, reject) => {
      child.once('message', (message) => resolve(message.port));
      child.once('exit', (code) => reject(new Error(`${variant.name} exited (${code}) before it listened: ${tail(logFile)}`)));
    }),
    START_TIMEOUT_MS,
    `${variant.name} did not start`,
  );
  return {
    url: `http://127.0.0.1:${port}`,
    async cpuMs() {
      const usage = await ask('cpu', 'cpu');
      return (usage.user + usage.system) / 1000;
    },
    metrics: () => ask('metrics', 'metrics'),
    stop: () => stopChild(child),
  };
}

/** web-bff from the compiled stack, wired to a running dev-idp; its CPU time comes from its management port. */
async function startWebBff(testing, logFile) {
  const quiet = { LOG_LEVEL: 'error' };
  // web-bff discovers the identity provider at start-up; /auth/user without a session calls no service, so
  // the services' addresses in the wiring are never called and need not be running.
  const idp = await testing.startStack({ apps: ['dev-idp'], env: { 'dev-idp': quiet }, distDir: DIST, readyTimeoutMs: START_TIMEOUT_MS });
  const port = await testing.freePort();
  const managementPort = await testing.freePort();
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [path.join(DIST, 'apps/web-bff/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      ...idp.env,
      ...testing.DEV_ONLY_APP_ENV['web-bff'],
      WEB_BFF_URL: `http://localhost:${port}`,
      // Request logs at info, as in production (the stack's tests and other benchmarks run quieter).
      LOG_LEVEL: 'info',
      PORT: String(port),
      MANAGEMENT_PORT: String(managementPort),
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const managementUrl = `http://127.0.0.1:${managementPort}`;
  const stop = async () => {
    await stopChild(child);
    await idp.stop();
  };
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`web-bff exited (${child.exitCode}) before it listened: ${tail(logFile)}`);
      if (Date.now() > deadline) throw new Error(`web-bff did not start: ${tail(logFile)}`);
      const live = await fetch(`${managementUrl}/health/live`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      if (live?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async cpuMs() {
      const response = await fetch(`${managementUrl}/metrics`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const text = await response.text();
      const match = /^process_cpu_seconds_total(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(text);
      const seconds = match ? Number(match[1]) : NaN;
      if (!response.ok || !Number.isFinite(seconds))
        throw new Error(`web-bff's /metrics (${response.status}) gives no process_cpu_seconds_total`);
      return seconds * 1000;
    },
    async metrics() {
      return (await fetch(`${managementUrl}/metrics`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).text();
    },
    stop,
  };
}

function tail(file) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n');
  } catch {
    return '(no output)';
  }
}

const requestLogLines = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"msg":"request completed"')).length;

// ---------------------------------------------------------------------------------------------------------------
// Checks before the load
// ---------------------------------------------------------------------------------------------------------------

async function get(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What libs/platform promises every app, checked on one variant: each check is `{ ok, detail }`. `served` is the
 * number of requests this function sent (the log lines are counted against it).
 */
async function platformChecks(variant, server, logFile) {
  const checks = {};
  const answer = await get(`${server.url}${variant.path}`);
  const missing = await get(`${server.url}/no-such-route`);
  const requestId = answer.headers.get('x-request-id');
  checks.requestIdHeader = {
    ok: typeof requestId === 'string' && UUID.test(requestId),
    detail: `X-Request-Id: ${requestId} (a random UUID expected: the context middleware's idGenerator)`,
  };
  checks.errorShape = {
    ok: missing.status === 404 && missing.body?.error?.code === 'NOT_FOUND',
    detail: `GET /no-such-route answered ${missing.status} ${JSON.stringify(missing.body).slice(0, 160)}`,
  };
  checks.errorRequestId = {
    ok: missing.body?.error?.requestId !== undefined && missing.body?.error?.requestId === missing.headers.get('x-request-id'),
    detail: `error body requestId ${missing.body?.error?.requestId} against X-Request-Id ${missing.headers.get('x-request-id')}`,
  };
  checks.securityHeaders = {
    ok: answer.headers.get('x-content-type-options') === 'nosniff',
    detail: `X-Content-Type-Options: ${answer.headers.get('x-content-type-options')} (helmet)`,
  };
  const metrics = await server.metrics();
  const routeLabel = new RegExp(`^http_server_request_duration_seconds_count\\{[^}]*route="${variant.path}"`, 'm').test(metrics);
  const labels = [...metrics.matchAll(/^http_server_request_duration_seconds_count\{(.*)\} \S+$/gm)].map((m) => m[1]);
  checks.routeMetrics = {
    ok: routeLabel,
    detail: `request metrics labels: ${labels.join('; ') || 'none'}`,
  };
  // Logs are written synchronously to the file; give the last line a moment anyway.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const lines = requestLogLines(logFile);
  checks.requestLog = { ok: lines >= 2, detail: `${lines} "request completed" log line(s) for 2 requests` };
  return { checks, served: 2, answer };
}

// ---------------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const settings = {
    rounds: numberSetting('BENCH_ROUNDS', 5),
    roundSeconds: numberSetting('BENCH_ROUND_SECONDS', 3),
    warmupSeconds: numberSetting('BENCH_WARMUP_SECONDS', 5),
    concurrency: numberSetting('BENCH_CONCURRENCY', 16),
    maxRequestsPerRound: numberSetting('BENCH_MAX_REQUESTS_PER_ROUND', 100_000),
  };
  const resultsName = process.env.BENCH_RESULTS_NAME ?? 'http-adapter';
  const resultsDir = path.resolve(ROOT, process.env.BENCH_RESULTS_DIR ?? 'bench/results');
  const testing = loadLib('testing');
  process.stdout.on('error', () => undefined);
  const log = (line) => process.stdout.write(`${line}\n`);
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'facet-bench-adapter-'));

  const resources = runResources(log, 'the servers');
  resources.add(() => Promise.resolve(rmSync(logDir, { recursive: true, force: true })));
  // Start-up, warm-up and rounds, doubled for a slow machine.
  const budgetMs = (120 + VARIANTS.length * (settings.warmupSeconds + settings.rounds * settings.roundSeconds + 2)) * 1000 * 2;
  const watchdog = setTimeout(() => resources.abort(`still running after ${Math.round(budgetMs / 1000)} s`), budgetMs);
  watchdog.unref();

  try {
    log(`starting ${VARIANTS.length} servers from ${path.relative(ROOT, DIST) || DIST} ...`);
    const servers = {};
    for (const variant of VARIANTS) {
      const logFile = path.join(logDir, `${variant.name}.log`);
      const server = variant.kind === 'web-bff' ? await startWebBff(testing, logFile) : await startServer(variant, logFile);
      resources.add(() => server.stop());
      servers[variant.name] = { ...server, logFile, served: 0 };
    }

    // ---- what each variant answers, and what the platform promises ------------------------------------------
    const reference = await get(`${servers['node-http'].url}/answer`);
    const answers = {};
    const platform = {};
    for (const variant of VARIANTS) {
      const server = servers[variant.name];
      if (variant.platform) {
        const { checks, served, answer } = await platformChecks(variant, server, server.logFile);
        platform[variant.name] = checks;
        server.served += served;
        answers[variant.name] = answer;
      } else {
        answers[variant.name] = await get(`${server.url}${variant.path}`);
        server.served += 1;
      }
      const { status, body } = answers[variant.name];
      // The Nest variants answer exactly what node:http does; web-bff answers what it answers without a session.
      if (variant.kind === 'server' && (status !== 200 || !isDeepStrictEqual(body, reference.body))) {
        throw new Error(`${variant.name} answered ${status} ${JSON.stringify(body)}, not node:http's answer`);
      }
      const failed = Object.entries(platform[variant.name] ?? {}).filter(([, check]) => !check.ok);
      log(`  ${variant.name}: ${status}${failed.length ? `; platform checks failing: ${failed.map(([name]) => name).join(', ')}` : ''}`);
    }
    const expectedStatus = Object.fromEntries(VARIANTS.map((variant) => [variant.name, answers[variant.name].status]));
    if (![200, 401].includes(expectedStatus['web-bff'])) {
      throw new Error(
        `web-bff's /auth/user without a session answered ${expectedStatus['web-bff']}: ${JSON.stringify(answers['web-bff'].body)}`,
      );
    }

    // ---- load -------------------------------------------------------------------------------------------------
    const pools = Object.fromEntries(
      VARIANTS.map((variant) => [
        variant.name,
        new Pool(servers[variant.name].url, { connections: settings.concurrency, keepAliveTimeout: 30_000 }),
      ]),
    );
    resources.add(() => Promise.all(Object.values(pools).map((pool) => pool.close())));
    const drive = async (variant, seconds) => {
      const pool = pools[variant.name];
      const expected = expectedStatus[variant.name];
      const {
        latencies,
        failures,
        seconds: took,
      } = await closedLoop(
        async () => {
          const { statusCode, body } = await pool.request({
            method: 'GET',
            path: variant.path,
            headers: { accept: 'application/json' },
            headersTimeout: REQUEST_TIMEOUT_MS,
            bodyTimeout: REQUEST_TIMEOUT_MS,
          });
          await body.dump();
          if (statusCode !== expected) throw new UnexpectedAnswer(statusCode);
        },
        { concurrency: settings.concurrency, seconds, maxRequests: settings.maxRequestsPerRound },
      );
      const sent = latencies.length + failureCount(failures);
      servers[variant.name].served += sent;
      const stats = summarize(latencies);
      return {
        requests: latencies.length,
        sent,
        errors: failures,
        seconds: round(took, 3),
        rps: round(latencies.length / took, 1),
        latencyMs: { median: round(stats.median), p99: round(stats.p99) },
      };
    };

    log(`warming up ${settings.warmupSeconds} s each ...`);
    for (const variant of VARIANTS) await drive(variant, settings.warmupSeconds);
    const rounds = [];
    for (let r = 0; r < settings.rounds; r++) {
      // Each round starts at another variant and every other round runs backwards, so no variant always follows
      // the same one or always runs first after a pause.
      const rotated = VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length]);
      const order = r % 2 === 0 ? rotated : rotated.reverse();
      const entry = { round: r + 1, order: order.map((variant) => variant.name) };
      for (const variant of order) {
        const server = servers[variant.name];
        const before = await server.cpuMs();
        const result = await drive(variant, settings.roundSeconds);
        const used = (await server.cpuMs()) - before;
        entry[variant.name] = { ...result, cpuMsPerRequest: round(used / Math.max(1, result.sent), 4) };
      }
      rounds.push(entry);
      log(
        `  round ${r + 1}: ${VARIANTS.map((variant) => `${variant.name} ${entry[variant.name].rps} req/s ${entry[variant.name].cpuMsPerRequest} ms`).join(', ')}`,
      );
    }

    // ---- summary ----------------------------------------------------------------------------------------------
    const summary = {};
    for (const variant of VARIANTS) {
      const pick = (field) => median(rounds.map((entry) => entry[variant.name][field]));
      summary[variant.name] = {
        label: variant.label,
        route: `GET ${variant.path}`,
        answerStatus: expectedStatus[variant.name],
        medianRps: round(pick('rps'), 1),
        medianCpuMsPerRequest: round(pick('cpuMsPerRequest'), 4),
        errors: rounds.reduce((sum, entry) => sum + failureCount(entry[variant.name].errors), 0),
      };
    }
    const base = summary['node-http'];
    for (const variant of VARIANTS) {
      const side = summary[variant.name];
      side.rpsOverNodeHttp = round(side.medianRps / base.medianRps, 3);
      side.cpuOverNodeHttp = round(side.medianCpuMsPerRequest / base.medianCpuMsPerRequest, 2);
      side.oneCoreCeilingRps = round(1000 / side.medianCpuMsPerRequest, 0);
      if (variant.platform) {
        const server = servers[variant.name];
        side.requestLogLinesPerRequest = round(requestLogLines(server.logFile) / Math.max(1, server.served), 3);
      }
    }
    const comparisons = {
      bareFastifyOverExpressCpu: round(summary['nest-fastify'].medianCpuMsPerRequest / summary['nest-express'].medianCpuMsPerRequest, 2),
      platformFastifyOverExpressCpu: round(
        summary['platform-fastify'].medianCpuMsPerRequest / summary['platform-express'].medianCpuMsPerRequest,
        2,
      ),
      bareExpressAdapterCostMs: round(summary['nest-express'].medianCpuMsPerRequest - base.medianCpuMsPerRequest, 4),
      bareFastifyAdapterCostMs: round(summary['nest-fastify'].medianCpuMsPerRequest - base.medianCpuMsPerRequest, 4),
      platformOnExpressCostMs: round(summary['platform-express'].medianCpuMsPerRequest - summary['nest-express'].medianCpuMsPerRequest, 4),
      platformFastifyOverExpressSilentCpu: round(
        summary['platform-fastify'].medianCpuMsPerRequest / summary['platform-express-silent'].medianCpuMsPerRequest,
        2,
      ),
      requestLogWriteCostMs: round(
        summary['platform-express'].medianCpuMsPerRequest - summary['platform-express-silent'].medianCpuMsPerRequest,
        4,
      ),
      platformOnFastifyCostMs: round(summary['platform-fastify'].medianCpuMsPerRequest - summary['nest-fastify'].medianCpuMsPerRequest, 4),
    };

    const results = {
      benchmark: 'HTTP adapter: CPU per request of node:http, Nest on Express and on Fastify, libs/platform on both, web-bff',
      date: new Date().toISOString(),
      environment: environment(),
      settings,
      versions: versions(),
      platformChecks: platform,
      summary,
      comparisons,
      rounds,
    };
    const markdown = summaryMarkdown(results);
    const written = writeResults(resultsDir, resultsName, results, markdown);
    log(`\n${markdown}`);
    log(`written: ${path.relative(ROOT, written)}.{json,md}`);
  } catch (error) {
    if (resources.aborted()) return;
    log(`benchmark failed: ${error.stack ?? error}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    await resources.cleanup();
  }
}

function versions() {
  const version = (name) => JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  return Object.fromEntries(
    ['@nestjs/core', '@nestjs/platform-express', '@nestjs/platform-fastify', 'express', 'fastify', 'nestjs-pino', 'nestjs-cls'].map(
      (name) => [name, version(name)],
    ),
  );
}

function summaryMarkdown({ date, environment, settings, versions, platformChecks, summary, comparisons, rounds }) {
  const rows = VARIANTS.map((variant) => {
    const side = summary[variant.name];
    const logs = side.requestLogLinesPerRequest === undefined ? '' : side.requestLogLinesPerRequest;
    return `| ${side.label} | ${side.route} → ${side.answerStatus} | ${side.medianCpuMsPerRequest} | ${side.cpuOverNodeHttp} × | ${side.medianRps} | ${side.rpsOverNodeHttp} × | ${logs} | ${side.errors} |`;
  }).join('\n');
  const checkNames = Object.keys(Object.values(platformChecks)[0] ?? {});
  const checkRows = checkNames
    .map(
      (check) =>
        `| ${check} | ${Object.keys(platformChecks)
          .map(
            (name) =>
              `${platformChecks[name][check].ok ? 'ok' : '**fails**'}: ${platformChecks[name][check].detail.replaceAll('|', '\\|')}`,
          )
          .join(' | ')} |`,
    )
    .join('\n');
  return `# HTTP adapter: Express or Fastify

Run ${date} on Node ${environment.node}, ${environment.cpus} CPU(s) (${environment.cpuModel}), load average at the end ${environment.loadAverageAtEnd.join(' / ')}.
Command: \`npm run bench:adapter\` (\`npm run build:stack && node bench/http-adapter.mjs\`). Raw numbers: \`http-adapter.json\`.
Versions: ${Object.entries(versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ')}.

${settings.rounds} alternating rounds × ${settings.roundSeconds} s per variant after ${settings.warmupSeconds} s of warm-up each, ${settings.concurrency} closed-loop
workers over an undici keep-alive pool, loopback; each variant is its own process. CPU is the server process's own
(user + system) over the round, divided by the requests sent; medians over rounds.

| variant | route → status | server CPU ms / request | CPU vs node:http | req/s | req/s vs node:http | request log lines / request | errors |
|---|---|---|---|---|---|---|---|
${rows}

- Bare Nest: Fastify spends ${comparisons.bareFastifyOverExpressCpu} × Express's CPU per request; over plain node:http, Express adds ${comparisons.bareExpressAdapterCostMs} ms and Fastify ${comparisons.bareFastifyAdapterCostMs} ms.
- With libs/platform: Fastify spends ${comparisons.platformFastifyOverExpressCpu} × Express's CPU per request; the platform adds ${comparisons.platformOnExpressCostMs} ms on Express and ${comparisons.platformOnFastifyCostMs} ms on Fastify, but on Fastify it does not do all its work (see the checks: no request log at all). Writing the request log line costs ${comparisons.requestLogWriteCostMs} ms on Express (info against silent); against the silent Express variant, Fastify spends ${comparisons.platformFastifyOverExpressSilentCpu} ×.
- The machine is shared and noisy: req/s moves with whatever else runs (the load generator shares the same cores), while the
  server's CPU time per request is much steadier between rounds; compare the CPU columns.

Per round, CPU ms / request:

| round | ${VARIANTS.map((variant) => variant.name).join(' | ')} |
|---|${VARIANTS.map(() => '---').join('|')}|
${rounds.map((entry) => `| ${entry.round} | ${VARIANTS.map((variant) => entry[variant.name].cpuMsPerRequest).join(' | ')} |`).join('\n')}

## Does libs/platform work on Fastify unchanged?

What the platform promises, checked on each platform variant before the load (\`GET ${VARIANTS[3].path}\` and \`GET /no-such-route\`):

| check | ${Object.keys(platformChecks).join(' | ')} |
|---|${Object.keys(platformChecks)
    .map(() => '---')
    .join('|')}|
${checkRows}
${decision()}`;
}

/** The decision this benchmark informed (issue 18), kept by hand beside the figures it rests on. */
const decision = () => readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'http-adapter-decision.md'), 'utf8');

if (process.argv[2] === '--markdown') {
  // Rewrites the Markdown from the recorded JSON (after an edit of the decision), without measuring again.
  const resultsDir = path.resolve(ROOT, process.env.BENCH_RESULTS_DIR ?? 'bench/results');
  const name = process.env.BENCH_RESULTS_NAME ?? 'http-adapter';
  const results = JSON.parse(readFileSync(path.join(resultsDir, `${name}.json`), 'utf8'));
  writeResults(resultsDir, name, results, summaryMarkdown(results));
} else {
  await main();
}
