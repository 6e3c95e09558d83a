// A benchmark of the test suite itself (not a test): runs the README's `npm test` once and records its wall time and
// how many tests ran, for the figure in bench/results/latest.md (`npm run bench` reads it). About six minutes here.
//
//   npm run bench:suite

import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, environment, writeResults } from './lib.mjs';

const started = performance.now();
const child = spawn('npm', ['test'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
let output = '';
for (const stream of [child.stdout, child.stderr]) {
  stream.on('data', (chunk) => {
    output += chunk;
    process.stderr.write(chunk);
  });
}
const code = await new Promise((resolve) => child.once('exit', resolve));
const seconds = Math.round((performance.now() - started) / 1000);
const counts = /^Tests:\s+(?:(\d+) failed, )?(?:(\d+) skipped, )?(\d+) passed, (\d+) total/m.exec(output);
const result = {
  benchmark: 'suite-time',
  date: new Date().toISOString(),
  command: 'npm test',
  environment: environment(),
  exitCode: code,
  seconds,
  tests: counts ? Number(counts[4]) : null,
  failed: counts?.[1] ? Number(counts[1]) : 0,
};
writeResults(
  path.join(ROOT, 'bench/results'),
  'suite-time',
  result,
  `# \`npm test\` wall time\n\nRun ${result.date} on Node ${result.environment.node}, ${result.environment.cpus} CPU(s): ${seconds} s, ${result.tests} tests, ${result.failed} failed (exit code ${code}).\n`,
);
process.stdout.write(`npm test: ${seconds} s, ${result.tests} tests, exit ${code}\n`);
process.exitCode = code === 0 ? 0 : 1;
