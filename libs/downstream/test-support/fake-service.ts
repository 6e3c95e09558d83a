import { type IncomingHttpHeaders, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type FakeHandler = (request: RecordedRequest, response: ServerResponse) => void;

export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * A throwaway HTTP server for unit specs: records every request and every new TCP connection and answers
 * with whatever handler the spec sets (a handler that never responds plays a hanging service).
 */
export class FakeService {
  readonly requests: RecordedRequest[] = [];
  connections = 0;
  private handler: FakeHandler = (_request, response) =>
    json(response, 404, { error: { status: 404, code: 'NOT_FOUND', message: 'nothing here' } });

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeService> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const recorded = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        };
        fake.requests.push(recorded);
        fake.handler(recorded, res);
      });
    });
    const fake = new FakeService(server);
    server.on('connection', () => fake.connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  reply(handler: FakeHandler): void {
    this.handler = handler;
  }

  reset(): void {
    this.requests.length = 0;
    this.connections = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
