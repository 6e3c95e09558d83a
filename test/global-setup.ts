import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** e2e suites run the compiled apps as real processes: compile the current code first (SWC, about a second). */
export default function globalSetup(): void {
  execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'build-stack.mjs')], { stdio: 'inherit' });
}
