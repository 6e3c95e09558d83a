import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, type RunningStack, STACK_APPS, type StackApp, startStack } from '@facet/testing';

/** The Node major the project pins (`.nvmrc`; package.json's engines and the `node` devDependency agree). */
const PINNED_MAJOR = Number(readFileSync(path.join(REPO_ROOT, '.nvmrc'), 'utf8').trim());
const major = (version: string): number => Number(/^v?(\d+)\./.exec(version)?.[1]);

describe('the pinned Node runtime', () => {
  it('agrees in .nvmrc, .node-version, engines and the node devDependency', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    expect(PINNED_MAJOR).toBeGreaterThanOrEqual(24);
    expect(Number(readFileSync(path.join(REPO_ROOT, '.node-version'), 'utf8').trim())).toBe(PINNED_MAJOR);
    expect(pkg.engines.node).toBe(`>=${PINNED_MAJOR}`);
    expect(major(pkg.devDependencies.node.replace(/^[\^~]/, ''))).toBe(PINNED_MAJOR);
  });

  it('runs the test runner itself (npm puts the pinned binary first on PATH)', () => {
    expect(major(process.version)).toBe(PINNED_MAJOR);
  });

  describe('the whole stack', () => {
    const started = new Map<StackApp, string>();
    let stack: RunningStack | undefined;

    beforeAll(async () => {
      stack = await startStack({
        apps: STACK_APPS,
        env: Object.fromEntries(STACK_APPS.map((app) => [app, { LOG_LEVEL: 'info' }])),
        onLog: (app, line) => {
          const version = / listening on \S+ \(Node (v[\d.]+)\)/.exec(line)?.[1];
          if (version) started.set(app, version);
        },
      });
    });
    afterAll(() => stack?.stop());

    it('runs every process of the stack, each logging its Node version at start', async () => {
      // A log line may reach the pipe a moment after the app already answers its readiness probe.
      for (let waited = 0; started.size < STACK_APPS.length && waited < 5000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect([...started.keys()].sort()).toEqual([...STACK_APPS].sort());
      for (const version of started.values()) expect(major(version)).toBe(PINNED_MAJOR);
    });
  });
});
