/**
 * A --data directory that already holds the migrated embedded database (a copy of the PGlite template the test
 * setup builds once) but nothing else: to Tierdesk it is a fresh database (no catalog bound, the test clock at its
 * start), without initdb's seconds on every server start. Empty directories (the real first start) are covered by
 * the scenarios that use freshDataDir().
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePgliteTemplate } from '../support/databases.js';

export async function migratedDataDir(prefix = 'tierdesk-scenario-'): Promise<string> {
  const template = await ensurePgliteTemplate();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(template, dir, { recursive: true });
  return dir;
}
