// The e2e suites a change needs (libs/testing affectedSuites): a change inside one BFF runs its suites and the
// cross-BFF ones, anything shared runs all, prose runs none. For pull-request CI; `npm test` still runs everything.
//
//   npm run test:affected -- <base>          # prints the selection against <base> (a branch, tag or commit)
//   npm run test:affected -- <base> --run    # and runs those suites (jest --selectProjects e2e)

import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { affectedSuites } = createRequire(import.meta.url)(path.join(ROOT, 'dist/stack/libs/testing/src/affected-suites.js'));

const [base, ...flags] = process.argv.slice(2);
if (!base) {
  process.stderr.write('usage: npm run test:affected -- <base> [--run]\n');
  process.exit(2);
}
const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
// What differs from <base>, committed or not, and files git does not track yet.
const changed = [...new Set([...git('diff', '--name-only', base), ...git('ls-files', '--others', '--exclude-standard')])];
const selection = affectedSuites(changed);
process.stdout.write(
  `${changed.length} changed paths: ${selection.all ? 'every e2e suite' : selection.folders.length ? selection.folders.join(' ') : 'no e2e suite'}\n`,
);
if (flags.includes('--run') && (selection.all || selection.folders.length > 0)) {
  const patterns = selection.all ? [] : ['--testPathPatterns', ...selection.folders];
  const jest = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--selectProjects', 'e2e', ...patterns], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.exit(jest.status ?? 1);
}
