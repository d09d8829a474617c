/**
 * R-CAT-6 through the real command line (API.md): `tierdesk serve` refuses a bad --catalog with a non-zero exit,
 * naming the file or each error's path, and never starts listening; `tierdesk catalog check <path>` prints one
 * `path: message` line per error and exits 1, and exits 0 for a valid catalog.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, runCli } from './cli-server.js';

describe('R-CAT-6 the CLI with bad catalogs', () => {
  let dir: string;
  let badFile: string;
  let entIndex: number;
  let devIndex: number;

  beforeAll(async () => {
    await ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'tierdesk-cli-'));
    // Two independent mistakes in a copy of a shipped catalog.
    const doc = parse(readFileSync(join(ROOT, 'catalogs', 'huaweicloud-intl.yaml'), 'utf8'));
    entIndex = doc.levels.findIndex((l: { id: string }) => l.id === 'enterprise');
    devIndex = doc.levels.findIndex((l: { id: string }) => l.id === 'developer');
    doc.levels[entIndex].technical.targets.sev_x = 'PT1H';
    doc.levels[devIndex].pricing.monthly = '26.001';
    badFile = join(dir, 'broken.yaml');
    writeFileSync(badFile, stringify(doc));
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('R-CAT-6 serve with a missing catalog file exits non-zero naming the file, without listening', async () => {
    const missing = join(dir, 'no-such-catalog.yaml');
    const res = await runCli([
      'serve',
      '--catalog',
      missing,
      '--port',
      '0',
      '--data',
      join(dir, 'data-missing'),
      '--test-clock',
    ]);
    expect(res.code).not.toBe(0);
    expect(res.code).not.toBeNull();
    expect(res.stdout + res.stderr).toContain(missing);
    expect(res.stdout + res.stderr).not.toMatch(/listening on/);
  });

  it('R-CAT-6 serve with an invalid catalog exits non-zero printing each error’s path, without listening', async () => {
    const res = await runCli([
      'serve',
      '--catalog',
      badFile,
      '--port',
      '0',
      '--data',
      join(dir, 'data-bad'),
      '--test-clock',
    ]);
    expect(res.code).toBe(1);
    const out = res.stdout + res.stderr;
    expect(out).toContain(`levels.${entIndex}.technical.targets.sev_x`);
    expect(out).toContain(`levels.${devIndex}.pricing.monthly`);
    expect(out).not.toMatch(/listening on/);
  });

  it('R-CAT-6 catalog check prints `path: message` for each error and exits 1', async () => {
    const res = await runCli(['catalog', 'check', badFile]);
    expect(res.code).toBe(1);
    const lines = res.stdout.trim().split('\n');
    const byPath = new Map(lines.map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
    expect(byPath.get(`levels.${entIndex}.technical.targets.sev_x`)).toMatch(/unknown severity "sev_x"/);
    expect(byPath.get(`levels.${devIndex}.pricing.monthly`)).toMatch(/USD has 2 decimal places/);
    expect(lines.at(-1)).toBe(`${badFile}: 2 error(s)`);
  });

  it('R-CAT-6 catalog check of a valid catalog (a shipped one, and a fictional provider’s) exits 0', async () => {
    for (const [file, id] of [
      [join(ROOT, 'catalogs', 'ctyun.yaml'), 'ctyun'],
      [join(ROOT, 'test', 'fixtures', 'catalogs', 'acme.yaml'), 'acme'],
    ] as const) {
      const res = await runCli(['catalog', 'check', file]);
      expect(res.code, res.stdout + res.stderr).toBe(0);
      expect(res.stdout).toContain(`valid catalog ${id}`);
    }
  });
});
