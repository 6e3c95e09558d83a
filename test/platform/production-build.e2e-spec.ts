import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, productionBuildLayout } from '@facet/testing';

const run = promisify(execFile);

/** Every BFF app (`apps/*-bff`): the apps whose production build ships to users. */
const BFFS = readdirSync(path.join(REPO_ROOT, 'apps')).filter((name) => name.endsWith('-bff'));

/** Files of a production build that only tests use: specs, their helpers, test doubles, the test and sandbox libs. */
const TEST_ONLY = [/\.spec\./, /\.spec-helper\./, /(^|\/)test-support\//, /(^|\/)libs\/(testing|sandbox)\//, /\.tsbuildinfo$/];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

describe.each(BFFS)('the production build of %s (nest build)', (app) => {
  const { outDir, main } = productionBuildLayout(app);
  let files: string[];

  beforeAll(async () => {
    // The documented production build, on the pinned Node (the Nest CLI type-checks and compiles with tsc).
    await run(process.execPath, [path.join(REPO_ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', app], { cwd: REPO_ROOT });
    files = filesUnder(outDir);
  }, 240_000);

  it('holds its runtime code only: no spec, spec helper, test double, libs/testing or libs/sandbox file', () => {
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    expect(files.filter((file) => TEST_ONLY.some((pattern) => pattern.test(file)))).toEqual([]);
  });

  it('loads: its main file runs as far as the configuration check, and stops there with one line naming the setting', async () => {
    expect(existsSync(main)).toBe(true);
    const started = run(process.execPath, [main], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, PORT: 'not-a-port' } });
    await expect(started).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(new RegExp(`^${app}: Invalid configuration: .*PORT \\(got "not-a-port"\\)`)),
    });
  });
});
