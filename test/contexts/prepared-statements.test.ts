/**
 * Issue 17: on PostgreSQL the app's statements run as named prepared statements per connection (src/platform/db.ts).
 * The cap on named texts counts only texts that get a name: a process that has just migrated a new database (about
 * 200 DDL statements, which run unnamed) still prepares the statements it serves.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, PG_URL } from '../support/databases.js';

describe.skipIf(!PG_URL)('prepared statements on PostgreSQL (issue 17)', () => {
  it('after migrating a new database, a query runs as a named prepared statement; DDL stays unnamed', async () => {
    const t = await createTestDatabase('postgres');
    const database = await t.open();
    try {
      const rows = await database.rows<{ name: string; statement: string }>(
        sql`SELECT name, statement FROM pg_prepared_statements`,
      );
      const self = rows.find((r) => r.statement.startsWith('SELECT name, statement FROM pg_prepared_statements'));
      expect(self?.name).toMatch(/^td\d+$/);
      expect(rows.filter((r) => /^\s*(create|alter|drop)\b/i.test(r.statement))).toEqual([]);
    } finally {
      await database.close();
      await t.drop();
    }
  });
});
