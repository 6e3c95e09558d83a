import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';

/** A Chromium installed on the machine (Debian's `chromium`, or Chrome), preferred when present. */
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

// The machine has no network beyond loopback: background services would only produce refused connections.
// Deliberately not @sparticuz/chromium's own flag list, which turns web security off (the suites test it).
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumCandidate {
  /** Where it came from, for messages. */
  source: string;
  executablePath: string;
  /** Extra environment the binary needs (the bundled build's own shared libraries and fonts). */
  env?: Record<string, string>;
}

/** The one Chromium the machine was told to use, else an installed one; undefined when neither. */
export function findSystemChromium(): ChromiumCandidate | undefined {
  if (process.env.CHROMIUM_PATH) return { source: 'CHROMIUM_PATH', executablePath: process.env.CHROMIUM_PATH };
  const found = SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
  return found ? { source: found, executablePath: found } : undefined;
}

/**
 * The headless Chromium that `npm ci` brings (@sparticuz/chromium), unpacked to the temp folder on first use.
 * Its build needs only libc and the NSS/NSPR/expat libraries it ships (al2023.tar.br), which it unpacks for
 * Amazon Linux only: they are unpacked here too, so a bare Debian needs no system package.
 */
export async function bundledChromium(): Promise<ChromiumCandidate> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`@sparticuz/chromium: its npm package holds a Linux x64 build only, not ${process.platform} ${process.arch}`);
  }
  const { default: chromium, inflate } = await import('@sparticuz/chromium');
  const bin = path.join(path.dirname(require.resolve('@sparticuz/chromium')), '..', 'bin');
  const [executablePath, libraries] = await Promise.all([chromium.executablePath(bin), inflate(path.join(bin, 'al2023.tar.br'))]);
  const libraryPath = [path.join(libraries, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(path.delimiter);
  return {
    source: '@sparticuz/chromium',
    executablePath,
    env: { LD_LIBRARY_PATH: libraryPath, FONTCONFIG_PATH: path.join(tmpdir(), 'fonts') },
  };
}

async function launch(candidate: ChromiumCandidate): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: candidate.executablePath,
    headless: true,
    args: ARGS,
    env: candidate.env ? { ...process.env, ...candidate.env } : undefined,
  });
}

/** The first line of a launch failure, or the shared library the binary could not load. */
function reason(candidate: ChromiumCandidate, error: Error): string {
  const library = /error while loading shared libraries: ([^:\s]+)/.exec(error.message)?.[1];
  const why = library ? `cannot load ${library}` : error.message.split('\n')[0];
  return `${candidate.source}: ${why}`;
}

/**
 * Starts the first candidate that starts; when none does, fails with one line saying why each did not and
 * what to install.
 */
export async function launchChromiumFrom(candidates: (() => Promise<ChromiumCandidate>)[]): Promise<Browser> {
  const failures: string[] = [];
  for (const candidate of candidates) {
    let chosen: ChromiumCandidate | undefined;
    try {
      chosen = await candidate();
      return await launch(chosen);
    } catch (error) {
      failures.push(chosen ? reason(chosen, error as Error) : (error as Error).message.split('\n')[0]);
    }
  }
  throw new Error(
    `Chromium could not start (${failures.join('; ')}): install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`,
  );
}

/**
 * Headless Chromium driven by playwright-core (no browser download): CHROMIUM_PATH alone when set; else an
 * installed Chromium, then the one `npm ci` brings.
 */
export function launchChromium(): Promise<Browser> {
  const system = findSystemChromium();
  const installed = system ? [() => Promise.resolve(system)] : [];
  return launchChromiumFrom(process.env.CHROMIUM_PATH ? installed : [...installed, bundledChromium]);
}
