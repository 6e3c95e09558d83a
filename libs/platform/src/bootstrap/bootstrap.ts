import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet, { type HelmetOptions } from 'helmet';
import { Logger } from 'nestjs-pino';
import { PlatformConfig, managementAddress } from '../config/platform.config';
import { ConfigurationError } from '../config/validate-config';
import { ManagementServer } from '../management/management.server';
import { ShutdownSignal } from '../lifecycle/shutdown-signal';
import { bodyShapeLimit } from '../http/body-depth';
import { checkConfiguration } from '../platform.module';

export interface BootstrapOptions {
  appName: string;
  /** Leave request bodies unparsed (an app that mounts a framework with its own parser, e.g. oidc-provider). */
  parseBodies?: boolean;
  /** Helmet options for apps that serve pages (CSP) or embed other frameworks. */
  helmet?: HelmetOptions;
  /** Runs after the platform's set-up and before listen (static files, extra middleware). */
  configure?: (app: NestExpressApplication) => void | Promise<void>;
}

/**
 * Creates, configures and starts a Facet app: security headers, body limits, the pino logger and graceful
 * shutdown (in-flight requests finish, new connections are refused, then the process exits).
 */
export async function createApp(module: Type, options: BootstrapOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  const config = app.get(PlatformConfig);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // No automatic weak ETags: they cost a SHA-1 of every JSON body, and no Facet client revalidates JSON with
  // them (per-user BFF data is `no-store`). An app that wants conditional requests sets strong ETags itself.
  app.set('etag', false);
  if (config.TRUST_PROXY) app.set('trust proxy', /^\d+$/.test(config.TRUST_PROXY) ? Number(config.TRUST_PROXY) : config.TRUST_PROXY);
  app.use(helmet(options.helmet));
  if (options.parseBodies !== false) {
    app.useBodyParser('json', { limit: config.BODY_LIMIT });
    app.useBodyParser('urlencoded', { limit: config.BODY_LIMIT, extended: false });
    app.use(bodyShapeLimit({ maxDepth: config.BODY_MAX_DEPTH, maxValues: config.BODY_MAX_VALUES }));
  }
  await options.configure?.(app);
  return app;
}

/** How often a draining server looks for keep-alive connections that have become idle, to close them. */
const DRAIN_POLL_MS = 50;
/** What a shutdown keeps, of SHUTDOWN_TIMEOUT_MS, for the modules' own hooks after the drain (sockets, Redis). */
const HOOKS_BUDGET_MS = 2000;

/**
 * Stops accepting connections and resolves once every request in flight has been answered and its connection
 * closed, or once `budgetMs` has passed: then the connections still open (a client that never sent a whole
 * request, a stream that outlives the budget) are cut. Answers sent meanwhile say `Connection: close`, so no
 * client sends another request on a connection about to close. Nest's own close runs the modules' destroy hooks
 * (downstream sockets, Redis, caches) before it closes the HTTP server, which would fail the requests still in
 * flight; draining first lets them finish on live clients.
 */
export function drainRequests(server: Server, budgetMs: number): Promise<void> {
  return new Promise((resolve) => {
    const closeAfterAnswer = (_: unknown, res: ServerResponse): void => {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    };
    // Before the app's own listener, which may answer at once.
    server.prependListener('request', closeAfterAnswer);
    const idle = setInterval(() => server.closeIdleConnections(), DRAIN_POLL_MS);
    const cut = setTimeout(() => server.closeAllConnections(), budgetMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      server.off('request', closeAfterAnswer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export function handleShutdown(app: INestApplication, timeoutMs: number): void {
  let closing = false;
  const stop = (signal: string): void => {
    // A second signal while draining (an impatient supervisor) changes nothing: the first one's deadline holds.
    if (closing) return;
    closing = true;
    const logger = app.get(Logger);
    logger.log(`${signal} received: finishing in-flight requests`, 'Shutdown');
    const force = setTimeout(() => {
      logger.warn(`still busy after ${timeoutMs} ms: exiting anyway`, 'Shutdown');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    app.get(ShutdownSignal).begin();
    drainRequests(app.getHttpServer() as Server, Math.max(timeoutMs - HOOKS_BUDGET_MS, timeoutMs / 2))
      .then(() => app.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/**
 * Opens the management port (health detail and metrics, see ManagementServer) beside the public one; the app's
 * shutdown closes it. Resolves with the URL it listens on.
 */
export async function startManagementServer(app: INestApplication): Promise<string> {
  const { port, host } = managementAddress(app.get(PlatformConfig));
  const address = await app.get(ManagementServer).listen(port, host);
  return `http://${host}:${address.port}`;
}

/** The whole of an app's main.ts: `void bootstrap(AppModule, { appName: 'web-bff' })`. */
export async function bootstrap(module: Type, options: BootstrapOptions): Promise<NestExpressApplication> {
  try {
    checkConfiguration();
    const app = await createApp(module, options);
    const config = app.get(PlatformConfig);
    handleShutdown(app, config.SHUTDOWN_TIMEOUT_MS);
    await app.listen(config.PORT, config.HOST);
    const management = await startManagementServer(app);
    app
      .get(Logger)
      .log(
        `${options.appName} listening on http://${config.HOST}:${config.PORT} (Node ${process.version}); management on ${management}; NODE_ENV ${config.NODE_ENV}`,
        'Bootstrap',
      );
    return app;
  } catch (error) {
    // checkConfiguration() runs first, so a bad setting arrives here as itself: one line, without a stack.
    process.stderr.write(
      `${options.appName}: ${error instanceof ConfigurationError ? error.message : `failed to start: ${(error as Error).stack ?? String(error)}`}\n`,
    );
    process.exit(1);
  }
}
