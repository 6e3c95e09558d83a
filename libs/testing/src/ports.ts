import { connect, createServer } from 'node:net';

/**
 * Ports the stacks of tests and benchmarks are given, below Linux's ephemeral range (32768–60999 by default):
 * the kernel never hands one of these to a `listen(0)` or to an outgoing connection, so a port chosen here cannot
 * be taken between the choice and the child's `listen`. An ephemeral port could: three Jest workers each asking
 * the kernel for "a free port" ten times per stack were given the same port twice, and an app then failed to bind
 * while its neighbour answered its readiness probe.
 */
export const TEST_PORT_RANGE = { from: 20_000, to: 32_000 } as const;

/** Jest runs suites in several processes at once: each takes its own slice, so no two processes pick one port. */
const SLICES = 8;

/** The slice of `TEST_PORT_RANGE` for one process: Jest's worker id (1, 2, …), 0 outside Jest, modulo `SLICES`. */
export function portSlice(workerId: number): { from: number; to: number } {
  const size = Math.floor((TEST_PORT_RANGE.to - TEST_PORT_RANGE.from) / SLICES);
  const from = TEST_PORT_RANGE.from + (workerId % SLICES) * size;
  return { from, to: from + size };
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Hands out this process's ports in turn, skipping any another program listens on: a port comes round again only
 * after every other port of the slice has been handed out, long after the stack that had it has stopped.
 */
export function portAllocator(slice: { from: number; to: number }, isFree: (port: number) => Promise<boolean> = canListen) {
  let next = slice.from;
  return async (): Promise<number> => {
    for (let tried = 0; tried < slice.to - slice.from; tried++) {
      const port = next;
      next = next + 1 < slice.to ? next + 1 : slice.from;
      if (await isFree(port)) return port;
    }
    throw new Error(`no free port in ${slice.from}–${slice.to - 1}`);
  };
}

/**
 * Shifts this process's slice: a Jest run started by a test (whose workers number 1, 2, … again, like the outer
 * run's) sets it so that its processes and the outer run's never pick from one slice.
 */
export const PORT_SLICE_OFFSET_ENV = 'FACET_TEST_PORT_SLICE_OFFSET';

/** The slice this process picks from: its Jest worker id, shifted by PORT_SLICE_OFFSET_ENV. */
export function ownPortSlice(env: NodeJS.ProcessEnv = process.env): { from: number; to: number } {
  return portSlice(Number(env.JEST_WORKER_ID ?? 0) + Number(env[PORT_SLICE_OFFSET_ENV] ?? 0));
}

/** A port on 127.0.0.1 no other program listens on, and that this process has not handed out recently. */
export const freePort = portAllocator(ownPortSlice());

/** Whether something on loopback accepts a TCP connection on `port` now (a refused or failed connect is `false`). */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
