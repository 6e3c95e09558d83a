import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A Jest run's own folder (created by the root globalSetup, removed by its globalTeardown). Every process a
 * test starts through this library is recorded under it while it runs, so the teardown can kill whatever a
 * failing suite left behind and Jest can always exit.
 */
export const TEST_RUN_DIR_ENV = 'FACET_TEST_RUN_DIR';

const processesDir = (runDir: string): string => path.join(runDir, 'processes');

/**
 * Records a child under the current run until it exits. `marker` is part of its command line: the teardown
 * checks it before killing, so a pid the system has since given to another process is left alone.
 * Outside a Jest run (`npm start`) there is no run folder and nothing is recorded.
 */
export function recordChild(child: ChildProcess, marker: string): void {
  const runDir = process.env[TEST_RUN_DIR_ENV];
  if (!runDir || child.pid === undefined) return;
  const record = path.join(processesDir(runDir), String(child.pid));
  writeFileSync(record, marker);
  child.once('exit', () => rmSync(record, { force: true }));
}

export function createRunDir(runDir: string): void {
  mkdirSync(processesDir(runDir), { recursive: true });
}

/** Still running, and not a zombie (a killed child whose parent has not collected it yet is gone for us). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * SIGKILLs every recorded process that is still running, waits until each is gone, and removes the run
 * folder. Returns the pids it killed.
 */
export async function killLeftovers(runDir: string): Promise<number[]> {
  const dir = processesDir(runDir);
  const killed: number[] = [];
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const pid = Number(name);
    const marker = readFileSync(path.join(dir, name), 'utf8');
    unlinkSync(path.join(dir, name));
    if (!isRunning(pid) || !commandLine(pid).includes(marker)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // It exited between the check and the signal.
    }
  }
  // SIGKILL cannot be refused: each is gone (and its ports free) within moments; the bound only keeps a
  // process stuck in the kernel from holding Jest up.
  const deadline = Date.now() + 10_000;
  while (killed.some(isRunning) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  rmSync(runDir, { recursive: true, force: true });
  return killed;
}
