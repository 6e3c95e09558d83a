import { BFF_APPS } from './stack';

/** Which e2e suites a change needs: all of them, or those under `folders` (none when `folders` is empty). */
export type SuiteSelection = { all: true } | { all: false; folders: string[] };

/** Suites that run every BFF: a change to any one app runs them too. */
const CROSS_BFF_SUITES = ['test/platform/', 'test/deploy/'];

/** Prose changes no suite: the READMEs, docs/, the owners file. */
const PROSE = /(^|\/)[^/]+\.md$|^docs\/|^\.github\/CODEOWNERS$/;

/**
 * The e2e suites a change must run, from the paths it touches. A change inside one BFF (its app folder, or its
 * own e2e suites) runs that BFF's suites and the cross-BFF ones; anything shared (libs/, the reference world,
 * test helpers, build and test configuration, dependencies) runs every suite; prose runs none.
 */
export function affectedSuites(changedPaths: readonly string[]): SuiteSelection {
  const folders = new Set<string>();
  for (const changed of changedPaths) {
    if (PROSE.test(changed)) continue;
    const bff = BFF_APPS.find(
      (app) => changed.startsWith(`apps/${app}/`) || new RegExp(`^test/${app}/[^/]+\\.e2e-spec\\.ts$`).test(changed),
    );
    if (!bff) return { all: true };
    folders.add(`test/${bff}/`);
    for (const suite of CROSS_BFF_SUITES) folders.add(suite);
  }
  return { all: false, folders: [...folders].sort() };
}
