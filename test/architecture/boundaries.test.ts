/**
 * Checked boundaries (issue 14, CONTRIBUTING "Layout"): read from the import graph of src/.
 * - A context imports another context only through its index.ts (its public face).
 * - domain/ is pure: no drizzle, pg, PGlite, fastify, node I/O, and nothing from store/, use-cases/, http/, jobs/.
 * - No import cycle among value imports.
 * The imports that break the first two rules today are listed in test/architecture/known-crossings.txt, the debt the
 * architecture issue pays off: a new crossing fails, and so does a listed one that is gone (shorten the list).
 * `TIERDESK_WRITE_KNOWN_CROSSINGS=1 npx vitest run test/architecture` rewrites the list from the code (review the diff).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;

export function importsOf(file: string, text: string): { spec: string; typeOnly: boolean; target: string | null }[] {
  return [...text.matchAll(IMPORT)].map((m) => {
    const spec = m[2]!;
    if (!spec.startsWith('.')) return { spec, typeOnly: !!m[1], target: null };
    let t = normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
    if (!existsSync(join(root, t)) && existsSync(join(root, t.replace(/\.ts$/, '.tsx'))))
      t = t.replace(/\.ts$/, '.tsx');
    return { spec, typeOnly: !!m[1], target: t };
  });
}

const PURE_FORBIDDEN_PACKAGES =
  /^(drizzle-orm|pg|pg-boss|@electric-sql\/|fastify|@fastify\/|nodemailer|node:(fs|net|http|https|dns|child_process))/;
const IO_LAYERS = /\/(store|use-cases|http|jobs)\/|^src\/platform\/(db|outbox|logger|http\/)/;

export function crossings(files: string[], read: (f: string) => string): { list: string[]; edges: Edge[] } {
  const list: string[] = [];
  const edges: Edge[] = [];
  for (const f of files) {
    const ctx = /^src\/contexts\/([^/]+)\//.exec(f)?.[1];
    const isDomain = /(^src\/domain\/|\/domain\/)/.test(f);
    for (const imp of importsOf(f, read(f))) {
      if (imp.target === null) {
        if (isDomain && PURE_FORBIDDEN_PACKAGES.test(imp.spec)) list.push(`domain-io ${f} -> ${imp.spec}`);
        continue;
      }
      edges.push({ from: f, to: imp.target, typeOnly: imp.typeOnly });
      const other = /^src\/contexts\/([^/]+)\/(.*)$/.exec(imp.target);
      if (ctx && other && other[1] !== ctx && other[2] !== 'index.ts') list.push(`internal ${f} -> ${imp.target}`);
      if (isDomain && IO_LAYERS.test(imp.target)) list.push(`domain-io ${f} -> ${imp.target}`);
    }
  }
  return { list: [...new Set(list)].sort(), edges };
}

/** Strongly connected components of more than one file among value imports (Tarjan). */
export function cycles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (!e.typeOnly) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const v of next.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const read = (f: string) => readFileSync(join(root, f), 'utf8');
const files = sourceFiles('src');
const found = crossings(files, read);
const KNOWN = 'test/architecture/known-crossings.txt';
if (process.env.TIERDESK_WRITE_KNOWN_CROSSINGS === '1') {
  const head = '# Imports that cross a boundary today (test/architecture/boundaries.test.ts): the debt to pay off.\n';
  writeFileSync(join(root, KNOWN), head + found.list.join('\n') + '\n');
}
const known = read(KNOWN)
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

describe('boundaries', () => {
  it('no new import of another context’s internals and no new I/O in domain/', () => {
    const added = found.list.filter((l) => !known.includes(l));
    expect(added, 'import the other context through its index.ts (or move the code)').toEqual([]);
  });

  it('the list of known crossings only shrinks: a crossing that is gone leaves the list', () => {
    const gone = known.filter((l) => !found.list.includes(l));
    expect(gone, 'remove these lines from test/architecture/known-crossings.txt').toEqual([]);
  });

  it('no import cycle among value imports', () => {
    expect(cycles(found.edges)).toEqual([]);
  });

  it('reads the rules off a made-up tree', () => {
    const tree: Record<string, string> = {
      'src/contexts/a/use-cases/x.ts': "import { y } from '../../b/store/y.js';\nimport { z } from '../../b/index.js';",
      'src/contexts/a/domain/d.ts': "import { sql } from 'drizzle-orm';\nimport type { T } from '../store/tables.js';",
      'src/contexts/b/index.ts': "export { y } from './store/y.js';",
    };
    const r = crossings(Object.keys(tree), (f) => tree[f]!);
    expect(r.list).toEqual([
      'domain-io src/contexts/a/domain/d.ts -> drizzle-orm',
      'domain-io src/contexts/a/domain/d.ts -> src/contexts/a/store/tables.ts',
      'internal src/contexts/a/use-cases/x.ts -> src/contexts/b/store/y.ts',
    ]);
    expect(
      cycles([
        { from: 'a', to: 'b', typeOnly: false },
        { from: 'b', to: 'a', typeOnly: false },
        { from: 'c', to: 'a', typeOnly: true },
        { from: 'a', to: 'c', typeOnly: false },
      ]),
    ).toEqual([['a', 'b']]);
  });
});
