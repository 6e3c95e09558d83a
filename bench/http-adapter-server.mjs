// The servers bench/http-adapter.mjs compares, one per process: `node bench/http-adapter-server.mjs <variant>`.
// Each answers `GET /answer` with the same small JSON, listens on a free loopback port, tells its parent the port
// over IPC, and answers the parent's `cpu` message with its process CPU time (and `metrics` with the platform's
// request metrics), so nothing but the measured route is served over HTTP.
//
//   node-http          plain node:http
//   nest-express       a bare Nest app (one controller, one route) on @nestjs/platform-express
//   nest-fastify       the same on @nestjs/platform-fastify
//   platform-express   the same route in an app built the way Facet apps are: libs/platform's PlatformModule
//                      (config, pino request logs, request context, metrics, error filter, validation pipe) and
//                      its createApp() (helmet, body parsers, no ETag or X-Powered-By)
//   platform-express-silent   the same with LOG_LEVEL=silent: pino-http's middleware runs, no line is written
//                      (the nearest Express match for platform-fastify, where that middleware never runs)
//   platform-fastify   the same PlatformModule, unchanged, on Fastify. createApp() cannot be used (it creates an
//                      Express app and calls Express's settings API), so this does what it does that Fastify
//                      can take as it is: the pino logger and helmet as middleware (Fastify parses JSON itself
//                      and sends neither an ETag nor X-Powered-By)
//
// Written in plain JavaScript, so the Nest decorators are applied as functions (no build step for the bench).

import 'reflect-metadata';
import http from 'node:http';
import { createRequire } from 'node:module';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadLib } from './lib.mjs';

// CommonJS packages are required as the compiled libs require them: `import` could pick a dual package's other
// build, whose classes Nest would not recognise as the libs' providers.
const require = createRequire(import.meta.url);

/** What every variant answers: about the size of web-bff's `/auth/user`. */
const ANSWER = Object.freeze({
  authenticated: true,
  user: { id: 'u_0001', name: 'Ada Lovelace', email: 'ada@example.test' },
  session: { expiresAt: '2026-01-01T00:30:00.000Z', absoluteExpiresAt: '2026-01-01T08:00:00.000Z' },
  logoutUrl: '/auth/logout',
});

const VARIANTS = ['node-http', 'nest-express', 'nest-fastify', 'platform-express', 'platform-express-silent', 'platform-fastify'];

/** `decorator` applied to a method as TypeScript would. */
function decorateMethod(decorator, target, key) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, key);
  Object.defineProperty(target.prototype, key, decorator(target.prototype, key, descriptor) ?? descriptor);
}

class AnswerController {
  answer() {
    return ANSWER;
  }
}
Controller()(AnswerController);
decorateMethod(Get('answer'), AnswerController, 'answer');

function bareModule() {
  class BareModule {}
  Module({ controllers: [AnswerController] })(BareModule);
  return BareModule;
}

function platformModule(logLevel) {
  const { PlatformConfig, PlatformModule } = loadLib('platform');
  // An app's own config class extends PlatformConfig (the platform provides it under both classes).
  class BenchConfig extends PlatformConfig {}
  class PlatformBenchModule {}
  Module({
    imports: [
      PlatformModule.forRoot({
        appName: 'bench-platform',
        config: BenchConfig,
        // Request logs at info, as in production; the parent sends stdout to a file.
        env: { NODE_ENV: 'development', LOG_LEVEL: logLevel, LOG_FORMAT: 'json', PORT: '0' },
      }),
    ],
    controllers: [AnswerController],
  })(PlatformBenchModule);
  return PlatformBenchModule;
}

const fastifyAdapter = async () => new (await import('@nestjs/platform-fastify')).FastifyAdapter();
const quietNest = { logger: ['error', 'warn'] };

async function startNodeHttp() {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/answer') {
      res.writeHead(404).end();
      return;
    }
    const text = JSON.stringify(ANSWER);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port };
}

async function startNest(variant) {
  let app;
  if (variant === 'nest-express') {
    app = await NestFactory.create(bareModule(), quietNest);
    // Express's weak ETag hashes every body; Facet's createApp() turns it off and Fastify computes none.
    app.set('etag', false);
  } else if (variant === 'nest-fastify') {
    app = await NestFactory.create(bareModule(), await fastifyAdapter(), quietNest);
  } else if (variant === 'platform-express' || variant === 'platform-express-silent') {
    const { createApp } = loadLib('platform');
    app = await createApp(platformModule(variant === 'platform-express' ? 'info' : 'silent'), { appName: 'bench-platform' });
  } else if (variant === 'platform-fastify') {
    const { Logger } = require('nestjs-pino');
    const helmet = require('helmet');
    app = await NestFactory.create(platformModule('info'), await fastifyAdapter(), { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(Logger));
    app.use(helmet());
  } else {
    throw new Error(`unknown variant ${variant}; one of ${VARIANTS.join(', ')}`);
  }
  await app.listen(0, '127.0.0.1');
  const metrics = variant.startsWith('platform-') ? app.get(loadLib('platform').MetricsService) : undefined;
  return { port: app.getHttpServer().address().port, metrics };
}

async function main(variant) {
  const server = variant === 'node-http' ? await startNodeHttp() : await startNest(variant);
  process.on('message', async (message) => {
    if (message === 'cpu') process.send({ cpu: process.cpuUsage() });
    if (message === 'metrics') process.send({ metrics: server.metrics ? await server.metrics.registry.metrics() : '' });
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  process.send({ port: server.port });
}

main(process.argv[2]).catch((error) => {
  process.stderr.write(`${process.argv[2]}: ${error.stack ?? error}\n`);
  process.exit(1);
});
