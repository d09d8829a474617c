/**
 * A context's public face offers functions and plain types, not its tables (issue 14, ARCHITECTURE "Modules"): no
 * `src/contexts/<ctx>/index.ts` exports a drizzle table. Another context that needs rows of it calls a store function
 * the face exports (`accountAndSubsIds`: a subquery, so a list stays one statement). A table a JOIN across contexts
 * truly needs would be exported under a named read model listed in READ_MODELS with its reason (in ARCHITECTURE.md);
 * there is none today.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';

const contexts = join(import.meta.dirname, '..', '..', 'src', 'contexts');

/** `<ctx>.<export>`: a table exported on purpose, as a read model another context's store JOINs. */
const READ_MODELS: readonly string[] = [];

describe('public faces', () => {
  const names = readdirSync(contexts, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

  it('finds the contexts', () => expect(names).toContain('accounts'));

  it.each(names)('%s/index.ts exports no table (but a named read model)', async (ctx) => {
    const face = (await import(join(contexts, ctx, 'index.ts'))) as Record<string, unknown>;
    const tables = Object.entries(face)
      .filter(([, value]) => is(value, PgTable))
      .map(([name]) => `${ctx}.${name}`);
    expect(tables.filter((t) => !READ_MODELS.includes(t))).toEqual([]);
  });
});
