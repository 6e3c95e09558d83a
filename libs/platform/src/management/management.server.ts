import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ErrorBody } from '../errors/facet-error';
import { ReadinessService } from '../health/readiness.service';
import { MetricsService } from '../metrics/metrics.service';

const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { status, code, message } } satisfies ErrorBody);
}

/**
 * The app's management port, apart from the public one: `/health/live`, `/health/ready` with each check's
 * detail (internal addresses included), and `/metrics`. Meant for the orchestrator and Prometheus only, so
 * it is a bare node:http server: no session, CSRF, body parsing or request logging. Started by bootstrap()
 * after the public port, closed when the app shuts down.
 */
@Injectable()
export class ManagementServer implements OnApplicationShutdown {
  private server?: Server;
  private readonly logger = new Logger(ManagementServer.name);

  constructor(
    private readonly readiness: ReadinessService,
    private readonly metrics: MetricsService,
  ) {}

  /** Listens on `port` (0: any free port) and `host`; resolves with the bound address. */
  async listen(port: number, host: string): Promise<AddressInfo> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server?.listening) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Prometheus and probes keep connections alive between scrapes: nothing in flight is lost by closing them.
      server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const answer = this.routes[path];
    if (!answer) return sendError(res, 404, 'NOT_FOUND', `No management route ${path}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendError(res, 405, 'METHOD_NOT_ALLOWED', `${path} answers GET only`);
    }
    try {
      await answer(res);
    } catch (error) {
      this.logger.error(`${path} failed: ${(error as Error).stack ?? String(error)}`);
      sendError(res, 500, 'INTERNAL_ERROR', 'Internal error');
    }
  }

  private readonly routes: Record<string, (res: ServerResponse) => Promise<void> | void> = {
    '/health/live': (res) => sendJson(res, 200, { status: 'ok' }),
    '/health/ready': async (res) => {
      const { ready, detail } = await this.readiness.check();
      sendJson(res, ready ? 200 : 503, detail);
    },
    '/metrics': async (res) => {
      const text = await this.metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
      res.end(text);
    },
  };
}
