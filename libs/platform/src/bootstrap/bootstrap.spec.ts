import { once } from 'node:events';
import { Agent, type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acceptsConnections } from '@facet/testing';
import { drainRequests } from './bootstrap';

/** A GET on a keep-alive connection; resolves with the status once the whole body is in. */
function get(port: number, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

describe('drainRequests', () => {
  let server: Server;
  let port: number;
  let release: () => void;
  let arrived: Promise<void>;
  const agent = new Agent({ keepAlive: true });

  beforeEach(async () => {
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrive: () => void;
    arrived = new Promise<void>((resolve) => (arrive = resolve));
    server = createServer((req, res) => {
      if (req.url === '/slow') {
        arrive();
        void held.then(() => res.end('done'));
      } else res.end('quick');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterEach(() => {
    agent.destroy();
    server.closeAllConnections();
  });

  it('refuses new connections at once, lets the request in flight finish, then resolves', async () => {
    // An idle keep-alive connection too: it must not hold the drain open.
    expect(await get(port, agent)).toBe(200);
    const slow = new Promise<number>((resolve, reject) => {
      request({ port, host: '127.0.0.1', path: '/slow', agent: new Agent({ keepAlive: true }) }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
        .on('error', reject)
        .end();
    });
    await arrived;

    let drained = false;
    const draining = drainRequests(server).then(() => (drained = true));
    expect(await acceptsConnections(port)).toBe(false);
    expect(drained).toBe(false);

    release();
    expect(await slow).toBe(200);
    await draining;
    expect(drained).toBe(true);
  });
});
