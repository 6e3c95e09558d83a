import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PORT_SLICE_OFFSET_ENV, REPO_ROOT, freePort, killLeftovers, startStack } from '@facet/testing';

/**
 * No process a test starts outlives the run, whatever fails: a stack that cannot start stops what it started,
 * and a suite that fails after starting one (and so never stops it) still lets Jest exit with nothing left
 * running. Processes are found by a mark in their environment, which every descendant inherits, so the check
 * does not rely on the registry it is checking.
 */
const MARK_ENV = 'FACET_LIFECYCLE_MARK';

/** What the fixture suite saw: the ports of its stack and of its run's Redis, and its run's folder. */
interface FixtureReport {
  ports: number[];
  runDir: string;
}

interface JestConfig {
  projects: Record<string, unknown>[];
}

/** The repository's run hooks and e2e project, for the fixture suites only (the stack is compiled already). */
function fixtureJestConfig(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the repository's Jest configuration is CommonJS
  const root = require(path.join(REPO_ROOT, 'jest.config.js')) as JestConfig;
  const e2e = root.projects.find((project) => project.displayName === 'e2e');
  const fixture = { ...e2e, displayName: 'fixture', globalSetup: undefined, testMatch: ['<rootDir>/test/testing/fixtures/*.fixture.ts'] };
  return JSON.stringify({ ...root, projects: [fixture] });
}

function processesMarked(mark: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // A zombie's environment reads empty: it is gone, only not yet collected.
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${MARK_ENV}=${mark}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('processes started by tests', () => {
  const mark = randomUUID();
  let fixtureJest: ChildProcess | undefined;
  let fixtureRunDir: string | undefined;
  let workDir: string;

  beforeAll(() => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'facet-lifecycle-'));
  });

  afterAll(async () => {
    // Whatever this test found, it leaves nothing of its own behind.
    fixtureJest?.kill('SIGKILL');
    for (const pid of processesMarked(mark)) process.kill(pid, 'SIGKILL');
    if (fixtureRunDir && existsSync(fixtureRunDir)) await killLeftovers(fixtureRunDir);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('a stack whose app cannot start stops the apps it had started, and says why', async () => {
    const ports = { 'dev-idp': await freePort(), 'user-service': await freePort(), 'web-bff': await freePort() };
    const managementPorts = { 'dev-idp': await freePort(), 'user-service': await freePort(), 'web-bff': await freePort() };
    const env = { [MARK_ENV]: mark };
    const attempt = startStack({
      apps: ['dev-idp', 'user-service', 'web-bff'],
      ports,
      managementPorts,
      // web-bff refuses a short encryption secret at start-up, after dev-idp and user-service have started.
      env: { 'dev-idp': env, 'user-service': env, 'web-bff': { ...env, SESSION_ENCRYPTION_SECRET: 'short' } },
    });

    // Readiness is asked of the management port.
    await expect(attempt).rejects.toThrow(`http://localhost:${managementPorts['web-bff']}: process exited before it was ready`);
    expect(processesMarked(mark)).toEqual([]);
    for (const port of [...Object.values(ports), ...Object.values(managementPorts)]) await expect(isFree(port)).resolves.toBe(true);
  });

  it('a suite whose set-up fails after starting a stack leaves no process running, and jest exits', async () => {
    const report = path.join(workDir, 'ports.json');
    const { JEST_WORKER_ID: _worker, ...env } = process.env;
    fixtureJest = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'node_modules/jest/bin/jest.js'), '--config', fixtureJestConfig(), '--ci'],
      {
        cwd: REPO_ROOT,
        // Its processes take ports from slices this run's three workers do not use: its worker 1 is not ours.
        env: { ...env, [MARK_ENV]: mark, FACET_FIXTURE_REPORT: report, [PORT_SLICE_OFFSET_ENV]: '4' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    fixtureJest.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    fixtureJest.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    // Before the run's teardown existed, this never came: the stack kept jest's event loop alive.
    const [code] = (await once(fixtureJest, 'exit')) as [number | null];

    expect(output).toContain('set-up failed on purpose');
    expect(code).toBe(1);
    const { ports, runDir } = JSON.parse(readFileSync(report, 'utf8')) as FixtureReport;
    fixtureRunDir = runDir;
    // Redis rewrites its process title over its environment, so its port and the run's folder speak for it.
    expect(processesMarked(mark)).toEqual([]);
    for (const port of ports) await expect(isFree(port)).resolves.toBe(true);
    expect(existsSync(runDir)).toBe(false);
  }, 180_000);
});
