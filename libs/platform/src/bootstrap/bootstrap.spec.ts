import { once } from 'node:events';
import { Agent, type IncomingHttpHeaders, type Server, createServer, request } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { acceptsConnections } from '@facet/testing';
import { drainRequests } from './bootstrap';

/** A GET; resolves with the status and headers once the whole body is in. */
function get(port: number, path: string, agent: Agent): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
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
  const agents: Agent[] = [];
  const keepAlive = (): Agent => {
    const agent = new Agent({ keepAlive: true });
    agents.push(agent);
    return agent;
  };

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

  afterEach(async () => {
    for (const agent of agents.splice(0)) agent.destroy();
    server.closeAllConnections();
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  });

  it('refuses new connections at once, lets the request in flight finish and close its connection, then resolves', async () => {
    // An idle keep-alive connection too: it must not hold the drain open.
    expect((await get(port, '/', keepAlive())).status).toBe(200);
    const slow = get(port, '/slow', keepAlive());
    await arrived;

    let drained = false;
    const draining = drainRequests(server, 10_000).then(() => (drained = true));
    expect(await acceptsConnections(port)).toBe(false);
    expect(drained).toBe(false);

    release();
    expect(await slow).toMatchObject({ status: 200 });
    await draining;
    expect(drained).toBe(true);
  });

  it('answers a request that arrives on an open connection while draining with Connection: close', async () => {
    // Two pipelined requests on one connection: the second is read once the first (in flight at the drain) is done.
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await arrived;
    const draining = drainRequests(server, 10_000);
    socket.write('GET /after HTTP/1.1\r\nHost: x\r\n\r\n');
    release();
    await once(socket, 'close');
    await draining;
    const answers = received.split('HTTP/1.1 ').filter(Boolean);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toMatch(/^200 .*\r\nConnection: close\r\n.*quick$/s);
  });

  it('cuts, after its budget, a connection that never sent a whole request', async () => {
    const halfOpen = connect(port, '127.0.0.1');
    await once(halfOpen, 'connect');
    halfOpen.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const cut = once(halfOpen, 'close');
    await drainRequests(server, 200);
    await cut;
    expect(halfOpen.destroyed).toBe(true);
  });
});
