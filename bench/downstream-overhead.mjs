// Throughput of the downstream library's ProductsClient.getProduct, on its undici transport and on its @nestjs/axios one,
// against a bare undici keep-alive call to the same route with the same token, in the same process, rounds
// alternating. Runs the compiled stack:
//   npm run build:stack && node bench/downstream-overhead.mjs [--rounds 9] [--seconds 2] [--concurrency 32]
import console from 'node:console';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import {
  DIST,
  ROOT,
  UnexpectedAnswer,
  closedLoop,
  environment,
  failureCount,
  loadLib,
  median,
  percentile,
  round,
  writeResults,
} from './lib.mjs';

const require = createRequire(import.meta.url);

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
const TARGET_RATIO = 0.7;

const { startStack, clientCredentialsToken, DEV_ONLY_APP_ENV } = loadLib('testing');
const { DownstreamModule, ProductsClient } = loadLib('downstream');
const { PlatformConfig, PlatformModule } = loadLib('platform');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { Agent, request } = require('undici');

const productId = (i) => `p_${String((i % PRODUCT_COUNT) + 1).padStart(4, '0')}`;

/** Runs `call(i)` from `CONCURRENCY` loops for `ROUND_MS`; returns requests per second, failures and latency percentiles. */
async function measureRound(call) {
  const cpuBefore = process.cpuUsage();
  const { latencies, failures, seconds } = await closedLoop((_worker, i) => call(i), {
    concurrency: CONCURRENCY,
    seconds: ROUND_MS / 1000,
  });
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requestsPerSecond: Math.round(latencies.length / seconds),
    requests: latencies.length,
    failures: failureCount(failures),
    failedWith: failures,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    // CPU of this process (the client side only) per request: less sensitive to other load than throughput.
    clientCpuMicrosPerRequest: Math.round((cpu.user + cpu.system) / Math.max(1, latencies.length)),
  };
}

async function main() {
  const stack = await startStack({ apps: ['dev-idp', 'product-service'], distDir: DIST });
  try {
    const productService = stack.urls['product-service'];
    await (await request(`${productService}/__admin/faults`, { method: 'DELETE' })).body.dump();
    const { access_token: token } = await clientCredentialsToken({
      issuer: stack.urls['dev-idp'],
      clientId: 'facet-web-bff',
      clientSecret: DEV_ONLY_APP_ENV['web-bff'].OIDC_CLIENT_SECRET,
      scope: 'products:read',
    });

    /** The library as an app wires it, on one transport. */
    const libraryOver = async (transport) => {
      class BenchConfig extends PlatformConfig {}
      class BenchModule {}
      Module({
        imports: [
          PlatformModule.forRoot({ appName: `bench-${transport}`, config: BenchConfig, env: { LOG_LEVEL: 'silent' } }),
          DownstreamModule.forRootAsync({
            useFactory: () => ({
              transport,
              services: {
                orders: { baseUrl: productService },
                users: { baseUrl: productService },
                products: { baseUrl: productService, maxSockets: CONCURRENCY },
              },
            }),
          }),
        ],
      })(BenchModule);
      return NestFactory.createApplicationContext(BenchModule, { logger: false });
    };
    const apps = { library: await libraryOver('undici'), axios: await libraryOver('axios') };
    const identity = { accessToken: token };

    const dispatcher = new Agent({ connections: CONCURRENCY });
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const contenders = {
      library: (i) => apps.library.get(ProductsClient).getProduct(productId(i), { identity }),
      axios: (i) => apps.axios.get(ProductsClient).getProduct(productId(i), { identity }),
      undici: async (i) => {
        const { statusCode, body } = await request(`${productService}/products?ids=${productId(i)}`, { dispatcher, headers });
        const json = await body.json();
        if (statusCode !== 200 || json.items?.length !== 1) throw new UnexpectedAnswer(statusCode, `${json.items?.length} items`);
      },
    };

    // Warm up both (JIT, sockets, the service's caches), then alternate which goes first in each round.
    for (const call of Object.values(contenders)) await measureRound(call);
    const rounds = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Each contender starts a round in turn, and every other round runs backwards.
      const names = ['library', 'axios', 'undici'];
      const rotated = [...names.slice(r % 3), ...names.slice(0, r % 3)];
      const order = r % 2 === 0 ? rotated : rotated.reverse();
      const result = { round: r + 1 };
      for (const name of order) result[name] = await measureRound(contenders[name]);
      result.ratio = Math.round((result.library.requestsPerSecond / result.undici.requestsPerSecond) * 1000) / 1000;
      result.axiosRatio = Math.round((result.axios.requestsPerSecond / result.undici.requestsPerSecond) * 1000) / 1000;
      rounds.push(result);
      console.log(
        `round ${r + 1}: library ${result.library.requestsPerSecond} req/s, on axios ${result.axios.requestsPerSecond} req/s, ` +
          `undici ${result.undici.requestsPerSecond} req/s, ratio ${result.ratio} (axios ${result.axiosRatio}), ` +
          `failures ${result.library.failures} / ${result.axios.failures} / ${result.undici.failures}`,
      );
    }
    await Promise.all(Object.values(apps).map((app) => app.close()));
    await dispatcher.close();

    const summary = {
      library: median(rounds.map((r) => r.library.requestsPerSecond)),
      axios: median(rounds.map((r) => r.axios.requestsPerSecond)),
      undici: median(rounds.map((r) => r.undici.requestsPerSecond)),
      ratio: median(rounds.map((r) => r.ratio)),
      axiosRatio: median(rounds.map((r) => r.axiosRatio)),
      target: TARGET_RATIO,
      // A side whose calls fail is not measured fairly (a failure may be fast), so any failure misses the target.
      failures: {
        library: rounds.reduce((sum, r) => sum + r.library.failures, 0),
        axios: rounds.reduce((sum, r) => sum + r.axios.failures, 0),
        undici: rounds.reduce((sum, r) => sum + r.undici.failures, 0),
      },
      libraryClientCpuMicrosPerRequest: median(rounds.map((r) => r.library.clientCpuMicrosPerRequest)),
      axiosClientCpuMicrosPerRequest: median(rounds.map((r) => r.axios.clientCpuMicrosPerRequest)),
      undiciClientCpuMicrosPerRequest: median(rounds.map((r) => r.undici.clientCpuMicrosPerRequest)),
      loadAverageAtEnd: environment().loadAverageAtEnd,
    };
    summary.meetsTarget = summary.ratio >= summary.target && summary.failures.library === 0 && summary.failures.undici === 0;
    const result = {
      benchmark: 'downstream-overhead',
      date: new Date().toISOString(),
      route: 'GET /products?ids=<one id> (what ProductsClient.getProduct sends)',
      setup: {
        ...environment(),
        concurrency: CONCURRENCY,
        roundSeconds: ROUND_MS / 1000,
        rounds: ROUNDS,
        productService: 'compiled dist/stack, sandbox faults off, loopback',
        library:
          'ProductsClient.getProduct with default resilience (timeouts, retries, circuit, bulkhead), contract validation, mapping, metrics; no request context (one batch per call); cache off',
        axios:
          'the same, with DownstreamModuleOptions.transport = axios (@nestjs/axios HttpService, keep-alive http.Agent of the same size)',
        undici: `undici.request with a keep-alive Agent of ${CONCURRENCY} connections, body parsed as JSON`,
      },
      summary,
      rounds,
    };
    const rows = rounds.map(
      (r) =>
        `| ${r.round} | ${r.library.requestsPerSecond} | ${r.library.failures} | ${r.library.p50Ms} / ${r.library.p99Ms} | ${r.library.clientCpuMicrosPerRequest} | ` +
        `${r.axios.requestsPerSecond} | ${r.axios.failures} | ${r.axios.p50Ms} / ${r.axios.p99Ms} | ${r.axios.clientCpuMicrosPerRequest} | ` +
        `${r.undici.requestsPerSecond} | ${r.undici.failures} | ${r.undici.p50Ms} / ${r.undici.p99Ms} | ${r.undici.clientCpuMicrosPerRequest} | ${r.ratio} | ${r.axiosRatio} |`,
    );
    const markdown = [
      '# Downstream client overhead',
      '',
      `Run ${result.date} on Node ${result.setup.node}, ${result.setup.cpus} CPUs (${result.setup.cpuModel}); product-service and the benchmark share them.`,
      '',
      `Route: \`${result.route}\`, ${CONCURRENCY} concurrent callers, ${ROUNDS} rounds of ${ROUND_MS / 1000} s, order alternating, after one warm-up round each.`,
      '',
      '| round | library req/s | failures | p50 / p99 ms | client µs CPU/req | library on axios req/s | failures | p50 / p99 ms | client µs CPU/req | bare undici req/s | failures | p50 / p99 ms | client µs CPU/req | ratio | axios ratio |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `**Median: library ${summary.library} req/s, bare undici ${summary.undici} req/s, ratio ${summary.ratio}; failures: library ${summary.failures.library}, undici ${summary.failures.undici}** ` +
        `(target ≥ ${summary.target} with no failures: ${summary.meetsTarget ? 'met' : 'NOT met'}).`,
      '',
      `**The library on its @nestjs/axios transport: ${summary.axios} req/s, ratio ${summary.axiosRatio} to bare undici; failures ${summary.failures.axios}.**`,
      '',
      `Client-side CPU per request (median): library ${summary.libraryClientCpuMicrosPerRequest} µs, on axios ${summary.axiosClientCpuMicrosPerRequest} µs, bare undici ${summary.undiciClientCpuMicrosPerRequest} µs. ` +
        `Load average at the end: ${summary.loadAverageAtEnd.join(', ')} (other work on the machine makes single rounds noisy; the ratio is the median of rounds).`,
      '',
      `Library: ${result.setup.library}.`,
      '',
      `On axios: ${result.setup.axios}.`,
      '',
      `Baseline: ${result.setup.undici}.`,
      '',
    ].join('\n');
    writeResults(path.join(ROOT, 'bench/results'), 'downstream-overhead', result, markdown);
    console.log(markdown);
  } finally {
    await stack.stop();
  }
}

await main();
