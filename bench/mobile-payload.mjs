// Bytes per screen, mobile-bff against web-bff, for the same user and the same data in one run: raw JSON, and what
// goes on the wire compressed (br and gzip, as mobile-bff negotiates them; web-bff does not compress its API). Then
// what mobile-bff's entity tags cost: SHA-1 of the body against serializing it, on the bodies just fetched.
//   npm run bench:payload      (npm run build:stack && node bench/mobile-payload.mjs)
import { hash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import process from 'node:process';
import { ROOT, environment, loadLib, median, round, runResources, writeResults } from './lib.mjs';

const LIST_SIZE = 50;
const TARGET_SHARE = 0.25;
const TARGET_COMPRESSION = 3;
const HASH_ROUNDS = 2000;

/** The bytes as sent, undecoded. */
function fetchRaw(url, headers) {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}: ${body.toString().slice(0, 200)}`));
        else resolve({ body, encoding: res.headers['content-encoding'] ?? 'identity' });
      });
    })
      .on('error', reject)
      .end();
  });
}

/** CPU µs per call of `work`, median of five batches (the first batch warms up and is dropped). */
function microsPerCall(work) {
  const batches = [];
  for (let batch = 0; batch < 6; batch++) {
    const start = process.cpuUsage();
    for (let i = 0; i < HASH_ROUNDS; i++) work();
    const used = process.cpuUsage(start);
    if (batch > 0) batches.push((used.user + used.system) / HASH_ROUNDS);
  }
  return median(batches);
}

async function main() {
  const testing = loadLib('testing');
  const { DEV_USER_PASSWORD: password } = loadLib('sandbox');
  process.stdout.on('error', () => undefined);
  const log = (line) => process.stdout.write(`${line}\n`);
  const resources = runResources(log, 'the stack');
  const watchdog = setTimeout(() => resources.abort('still running after 180 s'), 180_000);
  watchdog.unref();
  try {
    log('starting the stack ...');
    const quiet = { LOG_LEVEL: 'error' };
    const stack = await testing.startStack({
      apps: ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff', 'mobile-bff'],
      env: Object.fromEntries(
        ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff', 'mobile-bff'].map((app) => [app, quiet]),
      ),
      readyTimeoutMs: 60_000,
    });
    resources.add(() => stack.stop());
    const email = 'ada@example.test';
    const web = await testing.loginToWebBff({ webBffUrl: stack.urls['web-bff'], email, password });
    const { access_token: token } = await testing.mobileAppLogin({
      issuer: stack.urls['dev-idp'],
      email,
      password,
      scope: 'openid orders:read orders:write products:read users:read',
    });
    const webHeaders = { cookie: web.setCookie.split(';')[0], 'x-csrf': '1' };
    const mobileHeaders = { authorization: `Bearer ${token}` };

    const firstPage = JSON.parse((await fetchRaw(`${stack.urls['mobile-bff']}/v1/orders?limit=1`, mobileHeaders)).body.toString());
    const orderId = firstPage.items[0].id;
    const screens = [
      { screen: 'home (web: dashboard)', web: '/api/dashboard', mobile: '/v1/home', target: true },
      {
        screen: `order list, ${LIST_SIZE} orders`,
        web: `/api/orders?pageSize=${LIST_SIZE}`,
        mobile: `/v1/orders?limit=${LIST_SIZE}`,
        target: true,
      },
      { screen: 'order detail', web: `/api/orders/${orderId}`, mobile: `/v1/orders/${orderId}`, target: false },
    ];

    const rows = [];
    for (const screen of screens) {
      const webRaw = await fetchRaw(`${stack.urls['web-bff']}${screen.web}`, webHeaders);
      const webOffered = await fetchRaw(`${stack.urls['web-bff']}${screen.web}`, { ...webHeaders, 'accept-encoding': 'br, gzip' });
      const mobileRaw = await fetchRaw(`${stack.urls['mobile-bff']}${screen.mobile}`, mobileHeaders);
      const mobileBr = await fetchRaw(`${stack.urls['mobile-bff']}${screen.mobile}`, { ...mobileHeaders, 'accept-encoding': 'br, gzip' });
      const mobileGzip = await fetchRaw(`${stack.urls['mobile-bff']}${screen.mobile}`, { ...mobileHeaders, 'accept-encoding': 'gzip' });
      const value = JSON.parse(mobileRaw.body.toString());
      const json = JSON.stringify(value);
      const stringifyMicros = microsPerCall(() => JSON.stringify(value));
      const hashMicros = microsPerCall(() => hash('sha1', json, 'base64url'));
      rows.push({
        screen: screen.screen,
        target: screen.target,
        webBytes: webRaw.body.length,
        webWireBytes: webOffered.body.length,
        webWireEncoding: webOffered.encoding,
        mobileBytes: mobileRaw.body.length,
        mobileBrBytes: mobileBr.body.length,
        mobileBrEncoding: mobileBr.encoding,
        mobileGzipBytes: mobileGzip.body.length,
        mobileShareOfWeb: round(mobileRaw.body.length / webRaw.body.length, 3),
        mobileWireShareOfWeb: round(mobileBr.body.length / webOffered.body.length, 3),
        compressionRatio: round(mobileRaw.body.length / mobileBr.body.length, 2),
        stringifyMicros: round(stringifyMicros, 1),
        hashMicros: round(hashMicros, 1),
        hashShareOfStringify: round(hashMicros / stringifyMicros, 3),
      });
    }
    await resources.cleanup();

    const list = rows[1];
    const checks = {
      homeShare: { value: rows[0].mobileShareOfWeb, target: `≤ ${TARGET_SHARE}`, met: rows[0].mobileShareOfWeb <= TARGET_SHARE },
      listShare: { value: list.mobileShareOfWeb, target: `≤ ${TARGET_SHARE}`, met: list.mobileShareOfWeb <= TARGET_SHARE },
      listCompression: {
        value: list.compressionRatio,
        target: `≥ ${TARGET_COMPRESSION}`,
        met: list.compressionRatio >= TARGET_COMPRESSION,
      },
    };
    const results = { environment: environment(), user: email, rows, checks };
    const table = rows
      .map(
        (r) =>
          `| ${r.screen} | ${r.webBytes} | ${r.webWireBytes} (${r.webWireEncoding}) | ${r.mobileBytes} | ${r.mobileBrBytes} (${r.mobileBrEncoding}) | ${r.mobileGzipBytes} | ${r.mobileShareOfWeb} | ${r.mobileWireShareOfWeb} | ${r.compressionRatio}× |`,
      )
      .join('\n');
    const costs = rows
      .map((r) => `| ${r.screen} | ${r.mobileBytes} | ${r.stringifyMicros} | ${r.hashMicros} | ${r.hashShareOfStringify} |`)
      .join('\n');
    const markdown = `# mobile-bff payload: bytes per screen against web-bff

Generated by \`npm run bench:payload\` (bench/mobile-payload.mjs); one run, same user (${email}), same seeded data, both BFFs
in the same stack. Node ${results.environment.node}, ${results.environment.cpus} × ${results.environment.cpuModel}.

Raw is the JSON body as sent without \`Accept-Encoding\`. "Wire" is what goes out when the client offers \`br, gzip\`:
mobile-bff compresses (br preferred), web-bff's API does not. Home is compared with web's dashboard, the screen that plays
its part on the web (web shows 5 recent orders with every line's product and the profile; the phone 3 orders, one
thumbnail each, the first name and the active count).

| screen | web raw | web wire | mobile raw | mobile br | mobile gzip | mobile raw / web raw | mobile wire / web wire | mobile raw / br |
|---|---|---|---|---|---|---|---|---|
${table}

## Targets

| check | measured | target | met |
|---|---|---|---|
| home, mobile raw / web raw | ${checks.homeShare.value} | ${checks.homeShare.target} | ${checks.homeShare.met ? 'yes' : 'NO'} |
| ${LIST_SIZE}-order list, mobile raw / web raw | ${checks.listShare.value} | ${checks.listShare.target} | ${checks.listShare.met ? 'yes' : 'NO'} |
| ${LIST_SIZE}-order list, compression (raw / br) | ${checks.listCompression.value}× | ${checks.listCompression.target}× | ${checks.listCompression.met ? 'yes' : 'NO'} |

## What an entity tag costs

mobile-bff serializes each screen once and hashes those bytes (SHA-1, base64url) for its weak ETag. CPU per response,
median of five batches of ${HASH_ROUNDS}, in this process:

| screen | bytes | JSON.stringify µs | SHA-1 µs | hash / stringify |
|---|---|---|---|---|
${costs}
`;
    const written = writeResults(path.join(ROOT, 'bench/results'), 'mobile-payload', results, markdown);
    log(markdown);
    log(`results: ${path.relative(ROOT, written)}.{md,json}`);
  } finally {
    await resources.cleanup();
  }
}

await main();
