// Throughput of the downstream library's ProductsClient.getProduct against a bare undici keep-alive call to the
// same route with the same token, in the same process, rounds alternating. Runs the compiled stack:
//   npm run build:stack && node bench/downstream-overhead.mjs [--rounds 9] [--seconds 2] [--concurrency 32]
import console from 'node:console';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = (p) => path.join(root, 'dist/stack', p);

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    seconds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '32' },
  },
});
const ROUNDS = Number(args.rounds);
const ROUND_MS = Number(args.seconds) * 1000;
const CONCURRENCY = Number(args.concurrency);
const PRODUCT_COUNT = 1200;

const { startStack, clientCredentialsToken } = require(dist('libs/testing/src/index.js'));
const { DownstreamModule, ProductsClient } = require(dist('libs/downstream/src/index.js'));
const { PlatformConfig, PlatformModule } = require(dist('libs/platform/src/index.js'));
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { Agent, request } = require('undici');

const productId = (i) => `p_${String((i % PRODUCT_COUNT) + 1).padStart(4, '0')}`;

/** Runs `call(i)` from `CONCURRENCY` loops for `ROUND_MS`; returns requests per second and latency percentiles. */
async function round(call) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const deadline = performance.now() + ROUND_MS;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await call(next++);
          latencies.push(performance.now() - t);
        } catch {
          failures++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const pct = (p) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] * 100) / 100;
  return {
    requestsPerSecond: Math.round(latencies.length / seconds),
    requests: latencies.length,
    failures,
    p50Ms: pct(50),
    p99Ms: pct(99),
    // CPU of this process (the client side only) per request: less sensitive to other load than throughput.
    clientCpuMicrosPerRequest: Math.round((cpu.user + cpu.system) / Math.max(1, latencies.length)),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const stack = await startStack({ apps: ['dev-idp', 'product-service'], distDir: path.join(root, 'dist/stack') });
  try {
    const productService = stack.urls['product-service'];
    await (await request(`${productService}/__admin/faults`, { method: 'DELETE' })).body.dump();
    const { access_token: token } = await clientCredentialsToken({
      issuer: stack.urls['dev-idp'],
      clientId: 'facet-web-bff',
      clientSecret: 'dev-only-web-bff-secret',
      scope: 'products:read',
    });

    class BenchConfig extends PlatformConfig {}
    class BenchModule {}
    Module({
      imports: [
        PlatformModule.forRoot({ appName: 'bench', config: BenchConfig, env: { LOG_LEVEL: 'silent' } }),
        DownstreamModule.forRootAsync({
          useFactory: () => ({
            services: {
              orders: { baseUrl: productService },
              users: { baseUrl: productService },
              products: { baseUrl: productService, maxSockets: CONCURRENCY },
            },
          }),
        }),
      ],
    })(BenchModule);
    const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
    const products = app.get(ProductsClient);
    const identity = { accessToken: token };

    const dispatcher = new Agent({ connections: CONCURRENCY });
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const contenders = {
      library: (i) => products.getProduct(productId(i), { identity }),
      undici: async (i) => {
        const { statusCode, body } = await request(`${productService}/products?ids=${productId(i)}`, { dispatcher, headers });
        const json = await body.json();
        if (statusCode !== 200 || json.items.length !== 1) throw new Error(`unexpected ${statusCode}`);
      },
    };

    // Warm up both (JIT, sockets, the service's caches), then alternate which goes first in each round.
    for (const call of Object.values(contenders)) await round(call);
    const rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? ['library', 'undici'] : ['undici', 'library'];
      const result = { round: r + 1 };
      for (const name of order) result[name] = await round(contenders[name]);
      result.ratio = Math.round((result.library.requestsPerSecond / result.undici.requestsPerSecond) * 1000) / 1000;
      rounds.push(result);
      console.log(
        `round ${r + 1}: library ${result.library.requestsPerSecond} req/s, undici ${result.undici.requestsPerSecond} req/s, ratio ${result.ratio}`,
      );
    }
    await app.close();
    await dispatcher.close();

    const summary = {
      library: median(rounds.map((r) => r.library.requestsPerSecond)),
      undici: median(rounds.map((r) => r.undici.requestsPerSecond)),
      ratio: median(rounds.map((r) => r.ratio)),
      target: 0.7,
      libraryClientCpuMicrosPerRequest: median(rounds.map((r) => r.library.clientCpuMicrosPerRequest)),
      undiciClientCpuMicrosPerRequest: median(rounds.map((r) => r.undici.clientCpuMicrosPerRequest)),
      loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    };
    summary.meetsTarget = summary.ratio >= summary.target;
    const result = {
      benchmark: 'downstream-overhead',
      date: new Date().toISOString(),
      route: 'GET /products?ids=<one id> (what ProductsClient.getProduct sends)',
      setup: {
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        concurrency: CONCURRENCY,
        roundSeconds: ROUND_MS / 1000,
        rounds: ROUNDS,
        productService: 'compiled dist/stack, sandbox faults off, loopback',
        library:
          'ProductsClient.getProduct with default resilience (timeouts, retries, circuit, bulkhead), contract validation, mapping, metrics; no request context (one batch per call); cache off',
        undici: `undici.request with a keep-alive Agent of ${CONCURRENCY} connections, body parsed as JSON`,
      },
      summary,
      rounds,
    };
    mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    writeFileSync(path.join(root, 'bench/results/downstream-overhead.json'), `${JSON.stringify(result, null, 2)}\n`);
    const rows = rounds.map(
      (r) =>
        `| ${r.round} | ${r.library.requestsPerSecond} | ${r.library.p50Ms} / ${r.library.p99Ms} | ${r.library.clientCpuMicrosPerRequest} | ` +
        `${r.undici.requestsPerSecond} | ${r.undici.p50Ms} / ${r.undici.p99Ms} | ${r.undici.clientCpuMicrosPerRequest} | ${r.ratio} |`,
    );
    const markdown = [
      '# Downstream client overhead',
      '',
      `Run ${result.date} on Node ${process.version}, ${result.setup.cpus} CPUs (${result.setup.cpuModel}); product-service and the benchmark share them.`,
      '',
      `Route: \`${result.route}\`, ${CONCURRENCY} concurrent callers, ${ROUNDS} rounds of ${ROUND_MS / 1000} s, order alternating, after one warm-up round each.`,
      '',
      '| round | library req/s | library p50 / p99 ms | library client µs CPU/req | undici req/s | undici p50 / p99 ms | undici client µs CPU/req | ratio |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `**Median: library ${summary.library} req/s, bare undici ${summary.undici} req/s, ratio ${summary.ratio}** (target ≥ ${summary.target}: ${summary.meetsTarget ? 'met' : 'NOT met'}).`,
      '',
      `Client-side CPU per request (median): library ${summary.libraryClientCpuMicrosPerRequest} µs, bare undici ${summary.undiciClientCpuMicrosPerRequest} µs. ` +
        `Load average at the end: ${summary.loadAverageAtEnd.join(', ')} (other work on the machine makes single rounds noisy; the ratio is the median of rounds).`,
      '',
      `Library: ${result.setup.library}.`,
      '',
      `Baseline: ${result.setup.undici}.`,
      '',
    ].join('\n');
    writeFileSync(path.join(root, 'bench/results/downstream-overhead.md'), markdown);
    console.log(markdown);
  } finally {
    await stack.stop();
  }
}

await main();
