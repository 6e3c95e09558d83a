import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  TEST_REDIS_CLUSTER_URL_ENV,
  TEST_REDIS_MISSING_ENV,
  TEST_REDIS_URL_ENV,
  TEST_RUN_DIR_ENV,
  createRunDir,
  startTestRedis,
  startTestRedisCluster,
} from '@facet/testing';

/**
 * Once per Jest run, for every project: the run's folder (where started processes are recorded, see
 * run-teardown.ts), a private Redis and a private three-node Redis Cluster for the suites that need them. The suites read both from the
 * environment, which Jest's workers inherit.
 */
export default async function setUpTestRun(): Promise<void> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'facet-test-run-'));
  createRunDir(runDir);
  process.env[TEST_RUN_DIR_ENV] = runDir;
  // A nested run (a suite that starts jest) must not use its parent's Redis, which the parent stops.
  delete process.env[TEST_REDIS_URL_ENV];
  delete process.env[TEST_REDIS_CLUSTER_URL_ENV];
  delete process.env[TEST_REDIS_MISSING_ENV];
  // Each on its own: a machine whose Redis cannot run a cluster (before Redis 7) still runs the single-server suites.
  const [server, cluster] = await Promise.allSettled([startTestRedis(runDir), startTestRedisCluster(runDir)]);
  if (server.status === 'fulfilled') process.env[TEST_REDIS_URL_ENV] = server.value;
  if (cluster.status === 'fulfilled') process.env[TEST_REDIS_CLUSTER_URL_ENV] = cluster.value;
  // Only the suites that use what failed fail, each with this one line; the others run.
  const failed = [server, cluster].find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) process.env[TEST_REDIS_MISSING_ENV] = (failed.reason as Error).message;
}
