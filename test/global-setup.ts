import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { bundledChromium, findSystemChromium } from '@facet/testing';

/**
 * e2e suites run the compiled apps as real processes: compile the current code first (SWC, about a second).
 * Unpacks the Chromium `npm ci` brought once here (a few seconds the first time, then cached in the temp
 * folder), so browser suites running in parallel never unpack it over one another.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'build-stack.mjs')], { stdio: 'inherit' });
  // A failure here is left to the browser suites, which report it in one line.
  if (!findSystemChromium()) await bundledChromium().catch(() => undefined);
}
