import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './ports';
import { recordChild } from './test-run';

/** Every app of the local stack, in the order they should start. */
export const STACK_APPS = ['dev-idp', 'user-service', 'product-service', 'order-service', 'web-bff', 'mobile-bff', 'partner-bff'] as const;
export type StackApp = (typeof STACK_APPS)[number];
/** The stack's three BFFs, for suites that hold all of them to one behaviour. */
export const BFF_APPS = ['web-bff', 'mobile-bff', 'partner-bff'] as const satisfies readonly StackApp[];
export type BffApp = (typeof BFF_APPS)[number];

export const DEFAULT_PORTS: Record<StackApp, number> = {
  'dev-idp': 4000,
  'order-service': 4001,
  'product-service': 4002,
  'user-service': 4003,
  'web-bff': 3000,
  'mobile-bff': 3001,
  'partner-bff': 3002,
};

/** The apps' own default management ports (PORT + 10000, the platform's MANAGEMENT_PORT_OFFSET): 13000, 13001, 14000–14003. */
export const DEFAULT_MANAGEMENT_PORTS = Object.fromEntries(STACK_APPS.map((app) => [app, DEFAULT_PORTS[app] + 10_000])) as Record<
  StackApp,
  number
>;

/**
 * Settings that production must choose for itself (no default in the apps), or must not get by default (the
 * sandbox's open admin routes). These values are for the local stack and tests only: they are not secrets and
 * must never be used outside this machine.
 */
/** The local stack's admin token for partner-bff's API-key routes (management port): dev-only, refused in production. */
export const DEV_PARTNER_ADMIN_TOKEN = 'dev-only-partner-admin-token-not-for-production';

export const DEV_ONLY_APP_ENV: Partial<Record<StackApp, Record<string, string>>> = {
  // The sandbox's unauthenticated fault and stats routes: the tests, the benchmarks and demos drive them.
  'order-service': { SANDBOX: 'true' },
  'product-service': { SANDBOX: 'true' },
  'user-service': { SANDBOX: 'true' },
  'web-bff': {
    OIDC_CLIENT_SECRET: 'dev-only-web-bff-secret',
    SESSION_ENCRYPTION_SECRET: 'dev-only-session-encryption-secret-not-for-production',
    CURSOR_SIGNING_SECRET: 'dev-only-web-cursor-signing-secret-not-for-production',
    // Every test, benchmark and demo logs in from 127.0.0.1 as the same few seeded users, far more often than real
    // traffic: production keeps the defaults; a suite that tests the bounds sets them low again.
    LOGIN_RATE_LIMIT: '100000',
    SESSION_MAX_PER_USER: '100000',
  },
  'mobile-bff': {
    OIDC_CLIENT_SECRET: 'dev-only-mobile-bff-secret',
    STATE_ENCRYPTION_SECRET: 'dev-only-mobile-state-encryption-secret-not-for-production',
    CURSOR_SIGNING_SECRET: 'dev-only-mobile-cursor-signing-secret-not-for-production',
  },
  'partner-bff': {
    OIDC_CLIENT_SECRET: 'dev-only-partner-bff-secret',
    CURSOR_SIGNING_SECRET: 'dev-only-partner-cursor-signing-secret-not-for-production',
    PARTNER_ADMIN_TOKEN: DEV_PARTNER_ADMIN_TOKEN,
    // dev-idp's partner clients; a real deployment maps its identity provider's partner clients.
    PARTNER_CLIENTS: 'partner-acme=acme,partner-globex=globex,partner-initech=initech',
  },
};

export interface StackOptions {
  apps: readonly StackApp[];
  /** Fixed ports; any app not listed gets a free port (tests) or its default (when `defaultPorts`). */
  ports?: Partial<Record<StackApp, number>>;
  /** Fixed management ports, chosen the same way (`DEFAULT_MANAGEMENT_PORTS` when `defaultPorts`). */
  managementPorts?: Partial<Record<StackApp, number>>;
  defaultPorts?: boolean;
  /** Extra environment per app, on top of the wiring the stack computes. */
  env?: Partial<Record<StackApp, Record<string, string>>>;
  /** Where each app's output goes; defaults to nothing (tests) so output stays readable. */
  onLog?: (app: StackApp, line: string) => void;
  /** How long to wait for every app's `/health/ready` (on its management port). */
  readyTimeoutMs?: number;
  /** Folder holding the compiled stack (`npm run build:stack`). */
  distDir?: string;
  /**
   * Apps run from their production build instead (`nest build <app>`: `dist/apps/<app>/apps/<app>/src/main.js`),
   * without source maps, as a deployment runs them (benchmarks).
   */
  productionBuilds?: readonly StackApp[];
  /** Node options per app, before the main file (e.g. `--cpu-prof`). */
  nodeArgs?: Partial<Record<StackApp, readonly string[]>>;
  /**
   * Where the apps keep Node's compile cache (`NODE_COMPILE_CACHE`: the compiled code of every module they load, kept
   * across starts so a start compiles only what changed; bench/results/latest.md times a start with and without it);
   * `false` for none. Default: node_modules/.cache, unless the environment names a cache or sets
   * NODE_DISABLE_COMPILE_CACHE.
   */
  compileCacheDir?: string | false;
}

/** How an app's process ended: its exit code, or the signal that ended it. */
export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningStack {
  urls: Record<StackApp, string>;
  ports: Record<StackApp, number>;
  /** Each app's management port: `/health/live`, `/health/ready` with detail, `/metrics`. */
  managementUrls: Record<StackApp, string>;
  managementPorts: Record<StackApp, number>;
  /** The wiring environment each app was started with. */
  env: Record<string, string>;
  /** The process id of each app running now (undefined for one not started, or stopped). */
  pid(app: StackApp): number | undefined;
  stop(): Promise<void>;
  /**
   * Stops one app (SIGTERM, SIGKILL after 5 s) and waits until it has exited: a service outage, or a shutdown to
   * check. Resolves with how it exited (an app that was not running: how it last exited, or nulls).
   */
  stopApp(app: StackApp): Promise<AppExit>;
  /** Starts a stopped app again on the same ports and waits for it to be ready. */
  startApp(app: StackApp): Promise<void>;
}

/** How much of an app's output a report of its unexpected exit quotes. */
const LAST_LINES_KEPT = 20;

export const REPO_ROOT = path.resolve(__dirname, '../../..').replace(/[/\\]dist[/\\]stack$/, '');

/** Polls `url`'s `/health/ready` (a management URL: its answer names what is not ready yet). */
export async function waitForReady(url: string, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`${url}: process exited before it was ready`);
    try {
      const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms: ${last}`);
}

/** The environment that wires the apps to one another (the same names production configuration uses). */
export function wiringEnv(urls: Record<StackApp, string>): Record<string, string> {
  return {
    OIDC_ISSUER_URL: urls['dev-idp'],
    ORDER_SERVICE_URL: urls['order-service'],
    PRODUCT_SERVICE_URL: urls['product-service'],
    USER_SERVICE_URL: urls['user-service'],
    WEB_BFF_URL: urls['web-bff'],
  };
}

interface NestProject {
  entryFile: string;
  compilerOptions: { tsConfigPath: string };
}

/**
 * Where `nest build <app>` writes (the app's tsconfig outDir) and the main file it writes there (nest-cli.json's
 * entryFile), read from those files: the production build the deploy units run.
 */
export function productionBuildLayout(app: string): { outDir: string; main: string } {
  const nestCli = JSON.parse(readFileSync(path.join(REPO_ROOT, 'nest-cli.json'), 'utf8')) as { projects: Record<string, NestProject> };
  const project = nestCli.projects[app];
  if (!project) throw new Error(`nest-cli.json has no project ${app}`);
  const tsconfigPath = path.join(REPO_ROOT, project.compilerOptions.tsConfigPath);
  const tsconfig = JSON.parse(readFileSync(tsconfigPath, 'utf8')) as { compilerOptions: { outDir: string } };
  const outDir = path.resolve(path.dirname(tsconfigPath), tsconfig.compilerOptions.outDir);
  return { outDir, main: path.join(outDir, `${project.entryFile}.js`) };
}

function compileCacheEnv(dir: string | false | undefined): Record<string, string> {
  if (dir === false) return { NODE_DISABLE_COMPILE_CACHE: '1' };
  if (dir !== undefined) return { NODE_COMPILE_CACHE: dir };
  if (process.env.NODE_COMPILE_CACHE || process.env.NODE_DISABLE_COMPILE_CACHE) return {};
  return { NODE_COMPILE_CACHE: path.join(REPO_ROOT, 'node_modules/.cache/facet-compile-cache') };
}

/**
 * Starts apps of the compiled stack as separate processes on loopback, wired to one another, and waits
 * until each answers `/health/ready`. Used by `npm start` and by every e2e suite.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const distDir = options.distDir ?? path.join(REPO_ROOT, 'dist/stack');
  const ports = {} as Record<StackApp, number>;
  const managementPorts = {} as Record<StackApp, number>;
  for (const app of STACK_APPS) {
    ports[app] = options.ports?.[app] ?? (options.defaultPorts ? DEFAULT_PORTS[app] : await freePort());
    managementPorts[app] = options.managementPorts?.[app] ?? (options.defaultPorts ? DEFAULT_MANAGEMENT_PORTS[app] : await freePort());
  }
  const toUrls = (of: Record<StackApp, number>): Record<StackApp, string> =>
    Object.fromEntries(STACK_APPS.map((app) => [app, `http://localhost:${of[app]}`])) as Record<StackApp, string>;
  const urls = toUrls(ports);
  const managementUrls = toUrls(managementPorts);
  const env = wiringEnv(urls);
  const children = new Map<StackApp, ChildProcess>();
  /** The processes this stack is stopping: their exit is expected. */
  const stopping = new WeakSet<ChildProcess>();
  const compileCache = compileCacheEnv(options.compileCacheDir);

  const startApp = async (app: StackApp): Promise<void> => {
    const production = options.productionBuilds?.includes(app) ?? false;
    const main = production ? productionBuildLayout(app).main : path.join(distDir, 'apps', app, 'src/main.js');
    const nodeArgs = [...(production ? [] : ['--enable-source-maps']), ...(options.nodeArgs?.[app] ?? [])];
    const child = spawn(process.execPath, [...nodeArgs, main], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...compileCache,
        // The local stack runs the dev-only settings, which production mode refuses, whatever the shell has set.
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        ...env,
        ...DEV_ONLY_APP_ENV[app],
        ...options.env?.[app],
        PORT: String(ports[app]),
        MANAGEMENT_PORT: String(managementPorts[app]),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(app, child);
    recordChild(child, main);
    const lastLines: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lastLines.push(line);
        if (lastLines.length > LAST_LINES_KEPT) lastLines.shift();
        options.onLog?.(app, line);
      });
    }
    // A suite sees only "connection refused" when an app dies under it: say which one, how, and its last words.
    child.once('exit', (code, signal) => {
      if (stopping.has(child)) return;
      process.stderr.write(
        `stack: ${app} exited (${signal ?? `code ${code}`}), not stopped by its stack${lastLines.map((line) => `\n  ${line}`).join('')}\n`,
      );
    });
    await waitForReady(managementUrls[app], options.readyTimeoutMs ?? 60_000, () => child.exitCode !== null || child.signalCode !== null);
  };

  const stopApp = async (app: StackApp): Promise<AppExit> => {
    const child = children.get(app);
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return { code: child?.exitCode ?? null, signal: child?.signalCode ?? null };
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    stopping.add(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const [code, signal] = await exited;
    clearTimeout(timer);
    return { code, signal };
  };

  const stop = async (): Promise<void> => {
    await Promise.all([...children.keys()].map(stopApp));
  };

  try {
    // The identity provider first: the other apps check its JWKS to be ready.
    const [first, ...rest] = options.apps;
    if (first === 'dev-idp') await startApp(first);
    await Promise.all((first === 'dev-idp' ? rest : options.apps).map(startApp));
  } catch (error) {
    // No process of a stack that did not start outlives the attempt, and the caller sees why it did not start.
    await Promise.allSettled([...children.keys()].map(stopApp));
    throw error;
  }
  const pid = (app: StackApp): number | undefined => {
    const child = children.get(app);
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  };
  return { urls, ports, managementUrls, managementPorts, env, pid, stop, stopApp, startApp };
}

/**
 * Another replica of one app of a running stack, on a port of its own, wired to the same identity provider and
 * services and to the same public origin (WEB_BFF_URL names the stack's web-bff, as behind one load balancer).
 * `env` is what the replicas share besides (their Redis, its key prefix).
 */
export function startReplica(stack: RunningStack, app: StackApp, env: Record<string, string> = {}): Promise<RunningStack> {
  return startStack({ apps: [app], env: { [app]: { ...stack.env, ...env } } });
}
