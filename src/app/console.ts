/**
 * R-UI-1: `tierdesk serve` serves the web console (web/dist, built by vite) at `/`. Hashed files under /assets/ are
 * cached for a year (their names change with their content); every other path that is no file is a deep link and
 * answers index.html (no-cache), so a reload stays on its page. /api/, /healthz, /readyz and /metrics never reach
 * here: an unknown API route stays a JSON 404. Files are read once at start (the build is small).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const NOT_CONSOLE = /^\/(api\/|healthz|readyz|metrics)/;

interface File {
  body: Buffer;
  type: string;
  cache: string;
}

/** web/dist of this package (from src/app or dist/app alike), or null when the console was not built. */
export function consoleDistDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    dir = dirname(dir);
  }
  return null;
}

function readAll(root: string, dir = root, out = new Map<string, File>()): Map<string, File> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readAll(root, path, out);
    else {
      const url = `/${relative(root, path).split('\\').join('/')}`;
      out.set(url, {
        body: readFileSync(path),
        type: TYPES[extname(name)] ?? 'application/octet-stream',
        cache: url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
  }
  return out;
}

/** A not-found fallback that serves the console; false when the request is not the console's (the 404 stays). */
export function consoleFallback(distDir: string | null): (req: FastifyRequest, reply: FastifyReply) => boolean {
  const files = distDir ? readAll(distDir) : new Map<string, File>();
  const index = files.get('/index.html');
  return (req, reply) => {
    if (!index || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const path = decodeURIComponent(req.url.split('?')[0] ?? '/');
    if (NOT_CONSOLE.test(path)) return false;
    const file = files.get(path) ?? (extname(path) ? undefined : index);
    if (!file) return false;
    void reply
      .status(200)
      .header('content-type', file.type)
      .header('cache-control', file === index ? 'no-cache' : file.cache)
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
    return true;
  };
}
