import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ErrorBody, FacetError } from '../errors/facet-error';
import { ReadinessService } from '../health/readiness.service';
import { MetricsService } from '../metrics/metrics.service';
import { ManagementRoutes } from './management-routes';

const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Operator requests are small commands; anything larger is refused before it is read further. */
const MAX_BODY_BYTES = 16 * 1024;

class ManagementBodyError extends FacetError {
  constructor(status: number, code: string, message: string) {
    super(code, message, status);
  }
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'];
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ManagementBodyError(413, 'PAYLOAD_TOO_LARGE', `The body must be at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  if (!type || !/^application\/json\s*(;|$)/i.test(type)) {
    throw new ManagementBodyError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be application/json');
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new ManagementBodyError(400, 'MALFORMED_JSON', 'The body is not valid JSON');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: string, message: string, details?: unknown): void {
  sendJson(res, status, { error: { status, code, message, ...(details !== undefined && { details }) } } satisfies ErrorBody);
}

/**
 * The app's management port, apart from the public one: `/health/live`, `/health/ready` with each check's
 * detail (internal addresses included), `/metrics`, and the operator routes an app registers in
 * ManagementRoutes (each guarded by its own credential). Meant for the orchestrator, Prometheus and operators
 * only, so it is a bare node:http server: no session, CSRF or request logging. Started by bootstrap() after the
 * public port, closed when the app shuts down.
 */
@Injectable()
export class ManagementServer implements OnApplicationShutdown {
  private server?: Server;
  private readonly logger = new Logger(ManagementServer.name);

  constructor(
    private readonly readiness: ReadinessService,
    private readonly metrics: MetricsService,
    private readonly operatorRoutes: ManagementRoutes,
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
    const url = new URL(req.url ?? '/', 'http://management');
    const path = url.pathname;
    const builtIn = this.routes[path];
    if (builtIn) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return this.refuseMethod(res, path, ['GET', 'HEAD']);
      return this.answer(res, path, () => builtIn(res));
    }
    const match = this.operatorRoutes.match(req.method ?? 'GET', path);
    if (match.kind === 'none') return sendError(res, 404, 'NOT_FOUND', `No management route ${path}`);
    if (match.kind === 'wrong-method') return this.refuseMethod(res, path, match.allowed);
    const { route, params } = match;
    return this.answer(res, path, async () => {
      const body = await readJsonBody(req);
      const answer = await route.handle({ method: route.method, params, query: url.searchParams, headers: req.headers, body });
      sendJson(res, answer.status, answer.body ?? null);
    });
  }

  private refuseMethod(res: ServerResponse, path: string, allowed: readonly string[]): void {
    res.setHeader('Allow', allowed.join(', '));
    sendError(res, 405, 'METHOD_NOT_ALLOWED', `${path} answers ${allowed.join(', ')} only`);
  }

  private async answer(res: ServerResponse, path: string, respond: () => Promise<void> | void): Promise<void> {
    try {
      await respond();
    } catch (error) {
      if (error instanceof FacetError && error.status < 500) return sendError(res, error.status, error.code, error.message, error.details);
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
