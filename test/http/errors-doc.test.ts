/**
 * STYLE §5: one catalog of error codes, one mapping to HTTP, one documented table. This fails when the code list
 * of src/platform/errors.ts, its status table and the markdown table in docs/API.md differ in any code, order,
 * status or meaning.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError, ERROR_CATALOG, ERROR_CODES, httpStatusOf, type ErrorCode } from '../../src/platform/errors.js';
import { ZErrorBody } from '../../src/platform/http/schemas.js';

interface Row {
  code: string;
  status: number;
  when: string;
}

/** The table under "Errors:" in docs/API.md: `| code | status | when |`. */
function apiMdErrorTable(): Row[] {
  const text = readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8');
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^\|\s*code\s*\|\s*status\s*\|\s*when\s*\|\s*$/.test(l));
  if (header < 0) throw new Error('docs/API.md has no | code | status | when | table');
  if (!/^\|[-\s|]+\|$/.test(lines[header + 1] ?? '')) throw new Error('the error table has no separator row');
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== 3) throw new Error(`error table row without 3 cells: ${line}`);
    rows.push({ code: cells[0]!, status: Number(cells[1]), when: cells[2]! });
  }
  return rows;
}

/** Markdown code spans are formatting, not meaning. */
const plain = (s: string) => s.replace(/`/g, '').replace(/\s+/g, ' ').trim();

describe('error codes: src/platform/errors.ts ⇔ docs/API.md', () => {
  const table = apiMdErrorTable();

  it('API.md has a table row for each code, in the same order', () => {
    expect(table.map((r) => r.code)).toEqual([...ERROR_CODES]);
  });

  it('the HTTP status of each code is the one API.md documents', () => {
    expect(Object.fromEntries(table.map((r) => [r.code, r.status]))).toEqual(
      Object.fromEntries(ERROR_CODES.map((c) => [c, httpStatusOf(c)])),
    );
    for (const r of table) {
      expect(Number.isInteger(r.status) && r.status >= 400 && r.status < 600, r.code).toBe(true);
      expect(new DomainError(r.code as ErrorCode).status).toBe(r.status);
    }
  });

  it('each code means what API.md says it means', () => {
    expect(Object.fromEntries(table.map((r) => [r.code, plain(r.when)]))).toEqual(
      Object.fromEntries(ERROR_CODES.map((c) => [c, plain(ERROR_CATALOG[c].meaning)])),
    );
  });

  it('every code is documented with a fix and the requirement it serves', () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_CATALOG[code].fix.length, code).toBeGreaterThan(5);
      expect(ERROR_CATALOG[code].ref, code).toMatch(/R-[A-Z]+-\d|API conventions/);
    }
  });

  it('the wire schema of error bodies accepts exactly these codes', () => {
    for (const code of ERROR_CODES)
      expect(ZErrorBody.safeParse({ error: { code, message: 'x', details: {} } }).success, code).toBe(true);
    expect(ZErrorBody.safeParse({ error: { code: 'TEAPOT', message: 'x', details: {} } }).success).toBe(false);
  });

  it('the table parser reads a table and refuses a broken one (self-check)', () => {
    expect(table.length).toBeGreaterThanOrEqual(16);
    expect(table[0]).toEqual({
      code: 'VALIDATION_FAILED',
      status: 400,
      when: 'malformed or missing input; `details.issues` lists each field',
    });
    expect(plain('a `b` c')).toBe('a b c');
  });
});
