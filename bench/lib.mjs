// What the benchmarks share: the compiled stack and its libs, the closed-loop load driver, the statistics (one
// percentile definition and one median for all), the machine's description and writing the results.

import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The compiled stack (`npm run build:stack`), or another one (FACET_DIST_DIR), e.g. a private build. */
export const DIST = path.resolve(ROOT, process.env.FACET_DIST_DIR ?? 'dist/stack');

/** A compiled lib (`testing`, `sandbox`, `downstream`, `platform`) from DIST. */
export function loadLib(name) {
  try {
    return require(path.join(DIST, `libs/${name}/src/index.js`));
  } catch (error) {
    throw new Error(`cannot load libs/${name} from the compiled stack in ${DIST} (run \`npm run build:stack\` first): ${error.message}`, {
      cause: error,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------------------------

/** A positive number from the environment (a benchmark's knob), or the fallback when unset. */
export function numberSetting(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

export const ascending = (values) => [...values].sort((a, b) => a - b);

/** Nearest rank: the smallest sample with at least p % of the samples at or below it; NaN without samples. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The middle value; for an even count the mean of the two middle ones, so neither side of a comparison is favoured. */
export function median(values) {
  const sorted = ascending(values);
  if (sorted.length === 0) return NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const round = (value, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

export function summarize(samples) {
  const sorted = ascending(samples);
  return {
    count: sorted.length,
    min: sorted[0],
    median: median(sorted),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------------------------------------------

/** An answer that came but was not the one expected: counted as a failure under its status. */
export class UnexpectedAnswer extends Error {
  constructor(status, detail = '') {
    super(`answered ${status}${detail ? `: ${detail}` : ''}`);
    this.code = status;
  }
}

/**
 * `concurrency` workers in closed loops, each calling `call(worker, index)` again as soon as the last call settled,
 * until `seconds` are up or `maxRequests` were sent. `call` resolves when the request succeeded and throws when it
 * failed; failures are counted under the error's `code` (or `name`) and only successes give latency samples, so a
 * fast error answer cannot flatter the percentiles.
 */
export async function closedLoop(call, { concurrency, seconds, maxRequests = Infinity }) {
  const deadline = performance.now() + seconds * 1000;
  let sent = 0;
  const latencies = [];
  const failures = {};
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline && sent < maxRequests) {
        const index = sent++;
        const t = performance.now();
        try {
          await call(worker, index);
          latencies.push(performance.now() - t);
        } catch (error) {
          const kind = String(error?.code ?? error?.name ?? 'Error');
          failures[kind] = (failures[kind] ?? 0) + 1;
        }
      }
    }),
  );
  return { latencies, failures, seconds: (performance.now() - started) / 1000 };
}

export const failureCount = (failures) => Object.values(failures).reduce((sum, n) => sum + n, 0);

// ---------------------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------------------

/** The machine a run happened on: results from different machines are not comparable. */
export function environment() {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtEnd: os.loadavg().map((n) => round(n)),
  };
}

/** Writes `<name>.json` (raw numbers) and `<name>.md` (the summary) to `dir`; returns the path without extension. */
export function writeResults(dir, name, results, markdown) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(dir, `${name}.md`), markdown);
  return path.join(dir, name);
}

/**
 * What a run started, stopped in reverse order on every path: `add(stop)` as things start, `cleanup()` at the end.
 * Ctrl-C, SIGTERM, an uncaught error or `abort(reason)` (a runaway run hitting its time limit) stop everything too,
 * then exit 1; `aborted()` then says so, so the run does not report the requests that failed because of it.
 */
export function runResources(log, what) {
  const stops = [];
  const cleanup = async () => {
    for (let next = stops.pop(); next; next = stops.pop()) {
      await next().catch((error) => log(`cleanup: ${error.message}`));
    }
  };
  let aborted = false;
  const abort = (reason) => {
    aborted = true;
    log(`\n${reason}: stopping ${what}`);
    void cleanup().finally(() => process.exit(1));
  };
  process.once('SIGINT', () => abort('interrupted'));
  process.once('SIGTERM', () => abort('terminated'));
  process.once('uncaughtException', (error) => abort(`uncaught ${error.stack ?? error}`));
  return { add: (stop) => stops.push(stop), cleanup, abort, aborted: () => aborted };
}
