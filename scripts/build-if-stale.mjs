#!/usr/bin/env node
// `prepare`: compile src/ to dist/ unless dist/ is already newer than every source (npx re-runs prepare when it
// links this package; a fresh clone has no dist/ and always builds).
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
const fresh = existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...sources.map(newest));
if (fresh && process.argv[2] !== '--force') process.exit(0);
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
writeFileSync(stamp, new Date().toISOString());
