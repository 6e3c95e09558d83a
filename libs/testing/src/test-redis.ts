import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, writeFileSync } from 'node:fs';
import { type AddressInfo, type Socket, connect, createServer } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { acceptsConnections, freePort } from './ports';
import { recordChild } from './test-run';

/** Where the suites find the Redis the run started (set by the root globalSetup). */
export const TEST_REDIS_URL_ENV = 'FACET_TEST_REDIS_URL';
/** Where the suites find the run's three-node Redis Cluster (`redis+cluster://…`). */
export const TEST_REDIS_CLUSTER_URL_ENV = 'FACET_TEST_REDIS_CLUSTER_URL';
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
 * Starts one redis-server on loopback `port` without persistence, or a Sentinel from `sentinelConfig` (a file it
 * rewrites as it learns the set); resolves once it accepts connections.
 */
async function startRedisServer(
  workDir: string,
  port: number,
  extraArgs: readonly string[] = [],
  sentinelConfig?: string,
): Promise<ChildProcess> {
  const binary = findRedisServer();
  if (!binary) throw new Error(REDIS_MISSING);
  const mode = sentinelConfig ? [sentinelConfig, '--sentinel'] : ['--save', '', '--appendonly', 'no'];
  const args = [...mode, '--port', String(port), '--bind', '127.0.0.1', '--dir', workDir, ...extraArgs];
  const child = spawn(binary, args, { stdio: 'ignore' });
  let failure: string | undefined;
  child.once('error', (error) => (failure = error.message));
  child.once('exit', (code) => (failure ??= `exited at start (code ${code}); port ${port} may have been taken`));
  // Redis retitles its process `<binary> 127.0.0.1:<port>`: the port, not the binary, tells ours from another Redis.
  recordChild(child, `127.0.0.1:${port}`);
  const deadline = Date.now() + 10_000;
  while (!failure && Date.now() < deadline) {
    if (await acceptsConnections(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`Redis for the tests: ${binary} ${failure ?? `did not accept connections on port ${port}`}`);
}

/**
 * Starts a private, throw-away Redis for one Jest run: loopback only, a free port, no persistence, recorded
 * under the run so its teardown stops it. Never the Redis a developer may run on 6379.
 */
export async function startTestRedis(workDir: string): Promise<string> {
  const port = await freePort();
  await startRedisServer(workDir, port);
  return `redis://127.0.0.1:${port}`;
}

/** The slots of a cluster of `nodes` masters, in even ranges. */
export function slotRanges(nodes: number): [number, number][] {
  const SLOTS = 16_384;
  return Array.from({ length: nodes }, (_, i) => [Math.floor((SLOTS * i) / nodes), Math.floor((SLOTS * (i + 1)) / nodes) - 1]);
}

/**
 * A three-master Redis Cluster for one Jest run (`redis-server --cluster-enabled yes`, loopback, free ports for
 * clients and the cluster bus), the slots split evenly and the nodes introduced to one another, as
 * `redis-cli --cluster create` does. Resolves with its `redis+cluster://` URL once every node reports the
 * cluster ok. Recorded under the run like startTestRedis, so the run's teardown stops it.
 */
export async function startTestRedisCluster(workDir: string, nodes = 3): Promise<string> {
  const ports: number[] = [];
  const busPorts: number[] = [];
  for (let i = 0; i < nodes; i++) {
    const port = await freePort();
    const busPort = await freePort();
    ports.push(port);
    busPorts.push(busPort);
    await startRedisServer(workDir, port, [
      '--cluster-enabled',
      'yes',
      '--cluster-port',
      String(busPort),
      '--cluster-config-file',
      `cluster-nodes-${port}.conf`,
      '--cluster-node-timeout',
      '2000',
    ]);
  }
  const clients = ports.map((port) => new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 }));
  try {
    const ranges = slotRanges(nodes);
    for (const [i, client] of clients.entries()) await client.call('CLUSTER', 'ADDSLOTSRANGE', ranges[i][0], ranges[i][1]);
    // The bus port too: without it a node looks for the others' buses at their port + 10000.
    for (const i of ports.keys()) if (i > 0) await clients[0].call('CLUSTER', 'MEET', '127.0.0.1', ports[i], busPorts[i]);
    const deadline = Date.now() + 20_000;
    for (const client of clients) {
      for (;;) {
        const info = String(await client.call('CLUSTER', 'INFO'));
        if (info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${nodes}`)) break;
        if (Date.now() > deadline)
          throw new Error(`Redis Cluster for the tests: not ok after 20 s: ${info.split('\r\n').slice(0, 3).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    for (const client of clients) client.disconnect();
  }
  return `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`;
}

/**
 * A Redis of its own and one Sentinel watching it as `masterName` (quorum 1), for a suite: `url` is the
 * `redis+sentinel://` URL a client follows to the master, `masterUrl` the master itself; `stop` ends both.
 */
export async function startSentinelSet(
  workDir: string,
  masterName: string,
): Promise<{ url: string; masterUrl: string; stop(): Promise<void> }> {
  const [masterPort, sentinelPort] = [await freePort(), await freePort()];
  const processes = [await startRedisServer(workDir, masterPort)];
  const stop = async (): Promise<void> => {
    await Promise.all(
      processes.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }),
    );
  };
  try {
    const config = path.join(workDir, `sentinel-${sentinelPort}.conf`);
    writeFileSync(config, `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 1\n`);
    processes.push(await startRedisServer(workDir, sentinelPort, [], config));
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis+sentinel://127.0.0.1:${sentinelPort}/${masterName}`, masterUrl: `redis://127.0.0.1:${masterPort}`, stop };
}

/** What the run's set-up left in `name`; fails with one line naming the package to install when the machine has no Redis. */
function fromTestRun(name: string): string {
  const url = process.env[name];
  if (url) return url;
  throw new Error(
    process.env[TEST_REDIS_MISSING_ENV] ??
      `${name} is not set: run the suites with jest from the repository root, whose globalSetup starts Redis`,
  );
}

/** The run's Redis. */
export const testRedisUrl = (): string => fromTestRun(TEST_REDIS_URL_ENV);

/** The run's three-master Redis Cluster (`redis+cluster://…`). */
export const testRedisClusterUrl = (): string => fromTestRun(TEST_REDIS_CLUSTER_URL_ENV);

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
