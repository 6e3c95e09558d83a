import { createServer, type Server } from 'node:net';
import { PORT_SLICE_OFFSET_ENV, TEST_PORT_RANGE, freePort, ownPortSlice, portAllocator, portSlice } from './ports';

describe('test ports', () => {
  it('gives every Jest worker a slice of its own, below the ephemeral range', () => {
    const slices = [0, 1, 2, 3, 4, 5, 6, 7].map(portSlice);
    for (const [i, slice] of slices.entries()) {
      expect(slice.from).toBeGreaterThanOrEqual(TEST_PORT_RANGE.from);
      expect(slice.to).toBeLessThanOrEqual(32_768);
      if (i > 0) expect(slice.from).toBeGreaterThanOrEqual(slices[i - 1].to);
    }
    expect(portSlice(9)).toEqual(portSlice(1));
  });

  it("moves a nested run's workers off the outer run's slices", () => {
    expect(ownPortSlice({ JEST_WORKER_ID: '1' })).toEqual(portSlice(1));
    expect(ownPortSlice({ JEST_WORKER_ID: '1', [PORT_SLICE_OFFSET_ENV]: '4' })).toEqual(portSlice(5));
    expect(ownPortSlice({})).toEqual(portSlice(0));
  });

  it('never hands out a port twice before the slice is used up', async () => {
    const next = portAllocator({ from: 100, to: 110 }, () => Promise.resolve(true));
    const ports = [];
    for (let i = 0; i < 12; i++) ports.push(await next());
    expect(ports).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 100, 101]);
  });

  it('skips a port another program listens on', async () => {
    const taken = new Set([101, 102]);
    const next = portAllocator({ from: 100, to: 104 }, (port) => Promise.resolve(!taken.has(port)));
    expect([await next(), await next(), await next()]).toEqual([100, 103, 100]);
  });

  it('says so when no port of the slice is free', async () => {
    const next = portAllocator({ from: 100, to: 103 }, () => Promise.resolve(false));
    await expect(next()).rejects.toThrow('no free port in 100–102');
  });

  it('finds a port that is really free, and not one that is listened on', async () => {
    const port = await freePort();
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const other = await freePort();
      expect(other).not.toBe(port);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
