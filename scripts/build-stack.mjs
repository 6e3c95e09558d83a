// Compiles every app and lib with SWC into dist/stack (about a second), for `npm start` and the e2e suites.
// `nest build <app>` remains the per-app production build.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
rmSync(path.join(root, 'dist/stack'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', 'dist/stack', '--config-file', '.swcrc', '--quiet'],
  { cwd: root, stdio: 'inherit' },
);

// Static web apps ship beside the compiled code, as `nest build` copies them as assets.
for (const app of readdirSync(path.join(root, 'apps'))) {
  const publicDir = path.join(root, 'apps', app, 'public');
  if (existsSync(publicDir)) cpSync(publicDir, path.join(root, 'dist/stack/apps', app, 'public'), { recursive: true });
}
