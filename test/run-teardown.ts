import { TEST_RUN_DIR_ENV, killLeftovers } from '@facet/testing';

/**
 * Ends every process the run started that is still running (its Redis, and any stack a failing suite left
 * behind), so no process outlives the run and nothing keeps Jest from exiting.
 */
export default async function tearDownTestRun(): Promise<void> {
  const runDir = process.env[TEST_RUN_DIR_ENV];
  if (runDir) await killLeftovers(runDir);
}
