import { DEV_USER_PASSWORD, findSeedUserByEmail } from '@facet/sandbox';
import { STACK_APPS, type StackApp, startStack } from './stack';

/**
 * `npm start`: the whole local stack, each app its own process on its default port, logs prefixed per app,
 * one summary of what runs where, and Ctrl-C (or SIGTERM) stopping everything.
 */
const COLOURS = [36, 33, 35, 32, 34, 31, 96];
const width = Math.max(...STACK_APPS.map((app) => app.length));
const colour = (app: StackApp): string => `\u001b[${COLOURS[STACK_APPS.indexOf(app) % COLOURS.length]}m`;
const prefix = (app: StackApp): string =>
  process.stdout.isTTY ? `${colour(app)}${app.padEnd(width)}\u001b[0m │ ` : `${app.padEnd(width)} │ `;

async function main(): Promise<void> {
  const started = Date.now();
  const stack = await startStack({
    apps: STACK_APPS,
    defaultPorts: true,
    env: Object.fromEntries(STACK_APPS.map((app) => [app, { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', LOG_FORMAT: 'pretty' }])),
    onLog: (app, line) => process.stdout.write(`${prefix(app)}${line}\n`),
  });
  const demo = findSeedUserByEmail('ada@example.test');
  const rows = STACK_APPS.map((app) => `  ${app.padEnd(width)}  ${stack.urls[app].padEnd(22)}  management ${stack.managementUrls[app]}`);
  process.stdout.write(
    [
      '',
      `Facet local stack is up in ${((Date.now() - started) / 1000).toFixed(1)} s:`,
      ...rows,
      '',
      `  Open ${stack.urls['web-bff']} and log in as ${demo?.email} / ${DEV_USER_PASSWORD} (dev-only; every seeded user has this password).`,
      `  Health detail: <management>/health/ready   Metrics: <management>/metrics   Ctrl-C stops everything.`,
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping the local stack…\n');
    void stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`The local stack did not start: ${error.message}\n`);
  process.exit(1);
});
