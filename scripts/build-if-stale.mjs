#!/usr/bin/env node
// `prepare`: compile src/ to dist/ unless dist/ is already newer than every source (npx re-runs prepare when it
// links this package; a fresh clone has no dist/ and always builds). `--web` builds only the console (web/dist),
// when stale (the browser tests).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'dist', '.build-stamp');

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const sources = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json']
  .map((p) => join(root, p))
  .filter(existsSync);
const force = process.argv[2] === '--force';
const webOnly = process.argv[2] === '--web';

// The web console (R-UI-1): vite builds web/src into web/dist when a source is newer than the last build.
const web = join(root, 'web');
const webStamp = join(web, 'dist', '.build-stamp');
const webSources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(web, p)).filter(existsSync);
const vite = join(web, 'node_modules', 'vite', 'bin', 'vite.js');
const viteBin = existsSync(vite) ? vite : join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (
  webSources.length &&
  existsSync(viteBin) &&
  (force || !existsSync(webStamp) || statSync(webStamp).mtimeMs < Math.max(...webSources.map(newest)))
) {
  const built = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  writeFileSync(webStamp, new Date().toISOString());
}
if (webOnly) process.exit(0);

const fresh = existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...sources.map(newest));
if (fresh && !force) process.exit(0);
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
writeFileSync(stamp, new Date().toISOString());
