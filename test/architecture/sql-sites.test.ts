/**
 * Stores own the SQL (issue 14, CONTRIBUTING "Layout"): a context's `store/` holds every statement; use cases, jobs,
 * routes and domain code call its named functions. This test finds SQL call sites in src/contexts outside `store/`
 * folders (src/platform is plumbing and excepted) and compares them with test/architecture/sql-outside-store.txt,
 * the debt issue 14 pays off, one `path count` line per file:
 * - a file that gains a site, or a file not on the list that has one, fails (move the statement into its store);
 * - a listed file with fewer sites fails too, and names the line to change or delete (the list only shrinks).
 * A site is a drizzle builder call on a db/tx handle (`db.select(`, `tx\n  .update(`, `deps.db.execute(`: any
 * `…db`/`…tx` receiver with `.select`, `.selectDistinct[On]`, `.insert`, `.update`, `.delete`, `.execute`), a
 * `sql\`` template, or relational queries `db.query.…`. Comment lines are skipped.
 * `TIERDESK_WRITE_SQL_SITES=1 npx vitest run test/architecture` rewrites the list from the code (review the diff).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

const SITE = new RegExp(
  [
    // a builder call on a handle whose last name is db or tx (the call may start on the next line)
    String.raw`\b(?:[A-Za-z_$][\w$]*\.)*(?:db|tx)\s*\.(?:select|selectDistinct|selectDistinctOn|insert|update|delete|execute)\(`,
    // a drizzle sql template
    String.raw`\bsql\s*` + '`',
    // drizzle's relational queries
    String.raw`\b(?:db|tx)\.query\.`,
  ].join('|'),
  'g',
);

export interface SqlSite {
  line: number;
  text: string;
}

/** The SQL call sites in one file's text (comment lines blanked first, so line numbers stay). */
export function sqlSites(text: string): SqlSite[] {
  const code = text
    .split('\n')
    .map((l) => (/^\s*(\/\/|\/\*|\*)/.test(l) ? '' : l))
    .join('\n');
  return [...code.matchAll(SITE)].map((m) => ({
    line: code.slice(0, m.index).split('\n').length,
    text: m[0].replace(/\s+/g, ''),
  }));
}

/** Files below src/contexts outside any store/ folder. */
export function filesOutsideStore(files: string[]): string[] {
  return files.filter((f) => /^src\/contexts\//.test(f) && !/\/store\//.test(f)).sort();
}

export function parseAllowlist(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (!l || l.startsWith('#')) continue;
    const m = /^(\S+)\s+(\d+)$/.exec(l);
    if (!m) throw new Error(`sql-outside-store.txt: not "path count": ${l}`);
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** What is over the list (new or grown files) and what is under it (the lines to change or delete). */
export function compareWithAllowlist(
  found: Map<string, SqlSite[]>,
  allowed: Map<string, number>,
): { over: string[]; under: string[] } {
  const over: string[] = [];
  const under: string[] = [];
  for (const [file, sites] of found) {
    const limit = allowed.get(file) ?? 0;
    if (sites.length > limit)
      over.push(
        `${file}: ${sites.length} SQL call sites, the list allows ${limit} (${sites.map((s) => `${s.line}:${s.text}`).join(', ')})`,
      );
  }
  for (const [file, limit] of allowed) {
    const n = found.get(file)?.length ?? 0;
    if (n < limit)
      under.push(n === 0 ? `delete the line "${file} ${limit}"` : `change "${file} ${limit}" to "${file} ${n}"`);
  }
  return { over: over.sort(), under: under.sort() };
}

export function scan(files: string[], read: (f: string) => string): Map<string, SqlSite[]> {
  const found = new Map<string, SqlSite[]>();
  for (const f of filesOutsideStore(files)) {
    const sites = sqlSites(read(f));
    if (sites.length) found.set(f, sites);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const read = (f: string) => readFileSync(join(root, f), 'utf8');
const found = scan(sourceFiles('src/contexts'), read);
const LIST = 'test/architecture/sql-outside-store.txt';
if (process.env.TIERDESK_WRITE_SQL_SITES === '1') {
  const head =
    '# SQL call sites outside store/ in src/contexts (test/architecture/sql-sites.test.ts), per file: the debt to pay off.\n';
  writeFileSync(
    join(root, LIST),
    head +
      [...found]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([f, s]) => `${f} ${s.length}`)
        .join('\n') +
      '\n',
  );
}
const allowed = parseAllowlist(read(LIST));

describe('SQL lives in store/', () => {
  const { over, under } = compareWithAllowlist(found, allowed);

  it('no file outside store/ gains a SQL call site', () => {
    expect(over, "move the statement into the context's store/ and call it by name").toEqual([]);
  });

  it('the list only shrinks: a file with fewer sites updates or leaves test/architecture/sql-outside-store.txt', () => {
    expect(under, 'edit test/architecture/sql-outside-store.txt').toEqual([]);
  });

  it('reads the rule off a made-up tree', () => {
    const tree: Record<string, string> = {
      'src/contexts/a/use-cases/x.ts': [
        'const rows = await deps.db.select().from(t);',
        'await tx',
        '  .update(t)',
        '  .set({ n: sql`${t.n} + 1` });',
        '// tx.delete(t) in a comment is no site',
        "hash.update('x'); cache.delete(k); app.delete('/r', h);",
        'await this.db.execute(q); const r = await db.query.users.findMany();',
        'req.query.locale;',
      ].join('\n'),
      'src/contexts/a/store/s.ts': 'await tx.insert(t).values(v);',
      'src/contexts/a/use-cases/paid.ts': 'await tx.insert(t).values(v);',
      'src/contexts/b/jobs/new.ts': 'await db.delete(t);',
      'src/platform/db.ts': 'await db.execute(sql`SELECT 1`);',
    };
    expect(sqlSites(tree['src/contexts/a/use-cases/x.ts']!)).toEqual([
      { line: 1, text: 'deps.db.select(' },
      { line: 2, text: 'tx.update(' },
      { line: 4, text: 'sql`' },
      { line: 7, text: 'this.db.execute(' },
      { line: 7, text: 'db.query.' },
    ]);
    const f = scan(Object.keys(tree), (p) => tree[p]!);
    expect([...f.keys()]).toEqual([
      'src/contexts/a/use-cases/paid.ts',
      'src/contexts/a/use-cases/x.ts',
      'src/contexts/b/jobs/new.ts',
    ]);
    const list = parseAllowlist(
      '# head\nsrc/contexts/a/use-cases/x.ts 4\nsrc/contexts/a/use-cases/paid.ts 3\nsrc/contexts/gone.ts 2\n',
    );
    expect(compareWithAllowlist(f, list)).toEqual({
      over: [
        'src/contexts/a/use-cases/x.ts: 5 SQL call sites, the list allows 4 (1:deps.db.select(, 2:tx.update(, 4:sql`, 7:this.db.execute(, 7:db.query.)',
        'src/contexts/b/jobs/new.ts: 1 SQL call sites, the list allows 0 (1:db.delete()',
      ],
      under: [
        'change "src/contexts/a/use-cases/paid.ts 3" to "src/contexts/a/use-cases/paid.ts 1"',
        'delete the line "src/contexts/gone.ts 2"',
      ],
    });
    expect(compareWithAllowlist(f, new Map([...f].map(([p, s]) => [p, s.length])))).toEqual({ over: [], under: [] });
  });
});
