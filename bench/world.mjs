// What the BFF benchmarks share about the world they run in: each process measured on its own from /proc, the
// reference services' admin routes, and the credentials of each BFF's clients (web sessions, phone tokens, partner
// keys), made through the BFFs and the identity provider as real clients make them.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, UnexpectedAnswer, round } from './lib.mjs';

export const SERVICES = ['order-service', 'product-service', 'user-service'];
/** How many seeded users the clients are spread over. */
export const USERS = 16;
export const PARTNERS = ['acme', 'globex', 'initech'];
export const TIMEOUT_MS = 10_000;
const CLOCK_TICKS_PER_SECOND = 100;

/** The process's own CPU time so far (user + system), in ms. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Resident memory now and its peak since the process started, in MB. */
export function memoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)[1]);
  return { rss: round(kb('VmRSS') / 1024, 1), peak: round(kb('VmHWM') / 1024, 1) };
}

/** A JSON call that must succeed. */
export async function json(url, init = {}) {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Every reference service answers after `latencyMs` (0: no fault). */
export async function setLatency(world, latencyMs) {
  await Promise.all(
    SERVICES.map((service) =>
      latencyMs > 0
        ? json(`${world.urls[service]}/__admin/faults`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ latencyMs }),
          })
        : json(`${world.urls[service]}/__admin/faults`, { method: 'DELETE' }),
    ),
  );
}

/**
 * USERS seeded users with their order ids, a web-bff session each (logged in at `webUrl`), a phone token each, and an
 * API key per partner (issued on `partnerManagementUrl`).
 */
export async function credentials(testing, sandbox, world, { webUrl, partnerManagementUrl }) {
  const issuer = world.urls['dev-idp'];
  const users = [...sandbox.seedUserById().values()].slice(0, USERS);
  const service = await testing.clientCredentialsToken({
    issuer,
    clientId: 'facet-partner-bff',
    clientSecret: testing.DEV_ONLY_APP_ENV['partner-bff'].OIDC_CLIENT_SECRET,
    scope: 'orders:read',
  });
  const ordersOf = await Promise.all(
    users.map(async (user) => {
      const page = await json(`${world.urls['order-service']}/orders?userId=${user.id}&limit=100`, {
        headers: { authorization: `Bearer ${service.access_token}` },
      });
      return page.items.map((order) => order.id);
    }),
  );
  const sessions = [];
  for (const user of users) {
    const login = await testing.loginToWebBff({ webBffUrl: webUrl, email: user.email, password: sandbox.DEV_USER_PASSWORD });
    sessions.push(`${testing.WEB_SESSION_COOKIE}=${login.jar.get(webUrl, testing.WEB_SESSION_COOKIE)}`);
  }
  const phones = [];
  for (const user of users) {
    const tokens = await testing.mobileAppLogin({
      issuer,
      email: user.email,
      password: sandbox.DEV_USER_PASSWORD,
      scope: 'openid orders:read orders:write products:read users:read',
    });
    phones.push(tokens.access_token);
  }
  const keys = {};
  for (const partner of PARTNERS) {
    const issued = await json(`${partnerManagementUrl}/admin/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testing.DEV_PARTNER_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ partner_id: partner, scopes: ['partner:orders:read'], label: 'bench' }),
    });
    keys[partner] = issued.api_key;
  }
  return { users, ordersOf, sessions, phones, keys };
}

/** A changed-since instant per request index: the same orders behind another URL, so no two requests coalesce. */
export const sinceFor = (index) =>
  `2020-01-01T00:${String(Math.floor(index / 60) % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}Z`;

/** Fails, naming the command that builds them, unless every app in `apps` has its production build. */
export function requireProductionBuilds(apps, command) {
  for (const app of apps) {
    if (!existsSync(path.join(ROOT, 'dist/apps', app, 'apps', app, 'src/main.js'))) {
      throw new Error(`no production build of ${app}: run \`${command}\` (it builds them), or \`npx nest build ${app}\``);
    }
  }
}

/** One GET on `pool` that must answer 200 (else UnexpectedAnswer, a failure closedLoop counts); the body is dropped. */
export async function getOk(pool, { path: requestPath, headers }) {
  const { statusCode, body } = await pool.request({
    method: 'GET',
    path: requestPath,
    headers,
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
  });
  await body.dump();
  if (statusCode !== 200) throw new UnexpectedAnswer(statusCode);
}
