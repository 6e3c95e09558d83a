import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { type AddressInfo, type Socket, connect, createServer } from 'node:net';
import path from 'node:path';
import { acceptsConnections, freePort } from './ports';
import { recordChild } from './test-run';

/** Where the suites find the Redis the run started (set by the root globalSetup). */
export const TEST_REDIS_URL_ENV = 'FACET_TEST_REDIS_URL';
/** Why there is none, when the run could not start one. */
export const TEST_REDIS_MISSING_ENV = 'FACET_TEST_REDIS_MISSING';

export const REDIS_MISSING =
  "Redis for the tests: no redis-server binary on this machine; install Debian's redis-server package (apt-get install redis-server)";

function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  return dirs
    .filter(Boolean)
    .map((dir) => path.join(dir, 'redis-server'))
    .find((candidate) => {
      try {
        accessSync(candidate, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * Starts a private, throw-away Redis for one Jest run: loopback only, a free port, no persistence, recorded
 * under the run so its teardown stops it. Never the Redis a developer may run on 6379.
 */
export async function startTestRedis(workDir: string): Promise<string> {
  const binary = findRedisServer();
  if (!binary) throw new Error(REDIS_MISSING);
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', workDir];
  const child = spawn(binary, args, { stdio: 'ignore' });
  let failure: string | undefined;
  child.once('error', (error) => (failure = error.message));
  child.once('exit', (code) => (failure ??= `exited at start (code ${code}); port ${port} may have been taken`));
  // Redis retitles its process `<binary> 127.0.0.1:<port>`: the port, not the binary, tells ours from another Redis.
  recordChild(child, `127.0.0.1:${port}`);
  const deadline = Date.now() + 10_000;
  while (!failure && Date.now() < deadline) {
    if (await acceptsConnections(port)) return `redis://127.0.0.1:${port}`;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`Redis for the tests: ${binary} ${failure ?? `did not accept connections on port ${port}`}`);
}

/** The run's Redis; fails with one line naming the package to install when the machine has none. */
export function testRedisUrl(): string {
  const url = process.env[TEST_REDIS_URL_ENV];
  if (url) return url;
  throw new Error(
    process.env[TEST_REDIS_MISSING_ENV] ??
      `${TEST_REDIS_URL_ENV} is not set: run the suites with jest from the repository root, whose globalSetup starts Redis`,
  );
}

/** A Redis that hangs (paused, partitioned): a loopback TCP server that accepts connections and never answers. */
export async function startSilentRedis(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface RedisLink {
  /** Where the apps are pointed instead of the real Redis. */
  url: string;
  /** Drops every connection and refuses new ones: a Redis outage, as the apps see it. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port: Redis is back. */
  restore(): Promise<void>;
}

/**
 * A TCP relay to a real Redis that a suite can cut and restore while the apps pointed at it keep running (they
 * have to be ready before the cut): an outage or a network partition of their shared state, and its end.
 */
export async function openRedisLink(target: string): Promise<RedisLink> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const track = (socket: Socket): Socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    return socket;
  };
  const server = createServer((client) => {
    const upstream = track(connect(Number(port), hostname));
    track(client).pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const linkPort = await freePort();
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(linkPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen();
  return {
    url: `redis://127.0.0.1:${linkPort}`,
    cut: async () => {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    restore: async () => {
      if (!server.listening) await listen();
    },
  };
}
