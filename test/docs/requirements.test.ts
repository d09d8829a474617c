/**
 * docs/REQUIREMENTS.md maps every R-id of SPEC.md to what decides it, the use case and the tests (issue 14). The map
 * stays true: every R-id has a row, every cited file and export exists, every cited catalog field is in a shipped
 * catalog, and one of a row's cited tests names its R-id (a range such as "R-SR-1…5" counts).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const ID = /R-[A-Z]+-\d+[a-z]?/g;

export function specIds(spec: string): string[] {
  return [...new Set(spec.match(ID) ?? [])].sort();
}

interface Row {
  id: string;
  cells: string[];
}

export function rowsOf(doc: string): Row[] {
  return doc
    .split('\n')
    .filter((l) => /^\| R-[A-Z]+-\d+[a-z]? \|/.test(l))
    .map((l) => {
      const cells = l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      return { id: cells[0]!, cells };
    });
}

const codeRefs = (cell: string) =>
  [...cell.matchAll(/`((?:src|test|web)\/[^`#]+)(?:#([A-Za-z_$][\w$]*))?`/g)].map((m) => ({
    file: m[1]!,
    name: m[2],
  }));

/** Does `text` name `id`, literally or inside a range "R-SR-1…5" / "R-SR-1...5"? */
export function namesId(text: string, id: string): boolean {
  if (new RegExp(`${id}(?![0-9a-z])`).test(text)) return true;
  const [, area, num] = /^R-([A-Z]+)-(\d+)/.exec(id)!;
  for (const m of text.matchAll(/R-([A-Z]+)-(\d+)\s*(?:…|\.\.\.|–)\s*(?:R-[A-Z]+-)?(\d+)/g)) {
    if (m[1] === area && Number(m[2]) <= Number(num) && Number(num) <= Number(m[3])) return true;
  }
  return false;
}

function hasField(value: unknown, path: string[]): boolean {
  if (!path.length) return true;
  const [head, ...rest] = path;
  if (value === null || typeof value !== 'object') return false;
  const arrayStep = head!.endsWith('[]');
  const key = arrayStep ? head!.slice(0, -2) : head!;
  if (!Object.hasOwn(value, key)) return false;
  const next = (value as Record<string, unknown>)[key];
  if (!arrayStep) return hasField(next, rest);
  return Array.isArray(next) && next.some((el) => hasField(el, rest));
}

const doc = read('docs/REQUIREMENTS.md');
const rows = rowsOf(doc);
const catalogs = readdirSync(join(root, 'catalogs'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(read(`catalogs/${f}`)) as unknown);

describe('docs/REQUIREMENTS.md', () => {
  it('has one row for every R-id of SPEC.md and none for an id SPEC.md does not have', () => {
    const ids = specIds(read('docs/SPEC.md'));
    expect(ids.length).toBeGreaterThan(40);
    expect(rows.map((r) => r.id).sort()).toEqual(ids);
  });

  it('docs/SPEC.md is the product SPEC.md where that is checked out beside the repository', () => {
    const shared = join(root, '..', 'shared', 'SPEC.md');
    if (!existsSync(shared)) return;
    expect(read('docs/SPEC.md')).toBe(readFileSync(shared, 'utf8'));
  });

  it('every cited file exists and every cited name is exported by it', () => {
    const broken: string[] = [];
    for (const r of rows) {
      for (const ref of r.cells.slice(2).flatMap(codeRefs)) {
        if (!existsSync(join(root, ref.file))) {
          broken.push(`${r.id}: ${ref.file} does not exist`);
          continue;
        }
        if (!ref.name) continue;
        const src = read(ref.file);
        const exported =
          new RegExp(`export\\s+(?:async\\s+)?(?:function|const|class|interface|type|let)\\s+${ref.name}\\b`).test(
            src,
          ) || new RegExp(`export\\s*\\{[^}]*\\b${ref.name}\\b`).test(src);
        if (!exported) broken.push(`${r.id}: ${ref.file} exports no ${ref.name}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every cited catalog field is in a shipped catalog', () => {
    const missing: string[] = [];
    for (const r of rows) {
      const decided = r.cells[2] ?? '';
      for (const m of decided.matchAll(/catalog ((?:`[^`]+`(?:, )?)+)/g)) {
        for (const f of m[1]!.matchAll(/`([^`]+)`/g)) {
          const path = f[1]!.split('.');
          if (!catalogs.some((c) => hasField(c, path))) missing.push(`${r.id}: ${f[1]}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("one of each row's cited tests names its R-id", () => {
    const unpinned: string[] = [];
    for (const r of rows) {
      const tests = codeRefs(r.cells[4] ?? '').filter((t) => t.file.startsWith('test/'));
      if (!tests.length) {
        // a requirement not built yet says which issue builds it
        if (!/issue \d+/.test(r.cells[4] ?? '')) unpinned.push(`${r.id}: no tests and no issue named`);
        continue;
      }
      if (!tests.some((t) => existsSync(join(root, t.file)) && namesId(read(t.file), r.id))) {
        unpinned.push(`${r.id}: none of ${tests.map((t) => t.file).join(', ')} names it`);
      }
    }
    expect(unpinned).toEqual([]);
  });

  it('namesId reads literal ids and ranges, and not a longer id', () => {
    expect(namesId('R-SR-1…5 allowances', 'R-SR-5')).toBe(true);
    expect(namesId('R-SR-1…4', 'R-SR-5')).toBe(false);
    expect(namesId('R-SUB-5a purchase', 'R-SUB-5')).toBe(false);
    expect(namesId('R-SUB-5a purchase', 'R-SUB-5a')).toBe(true);
    expect(namesId('R-TKT-30', 'R-TKT-3')).toBe(false);
  });
});
