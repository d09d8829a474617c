/**
 * R-ACC-2 (seed 001 §6.4): an existing root account that joins a master as its sub moves into the master's tenant.
 * Every tenant-owned table carries `tenant_id` (ARCHITECTURE.md "Tenancy"), so the move is one UPDATE per table
 * that has the column, found in the catalog of the database itself: a table a context adds later moves too.
 * Runs inside the caller's transaction.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db.js';
import { rowsOf } from '../sql-params.js';

/** Moves every row of tenant `from` to tenant `to`; answers the tables and row counts it moved. */
export async function moveTenant(db: Db, from: string, to: string): Promise<Record<string, number>> {
  const tables = await rowsOf<{ table_name: string }>(
    db,
    sql`SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.column_name = 'tenant_id' AND c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name`,
  );
  const moved: Record<string, number> = {};
  for (const { table_name: name } of tables) {
    const rows = await rowsOf<{ n: number }>(
      db,
      sql`WITH m AS (UPDATE ${sql.identifier(name)} SET tenant_id = ${to} WHERE tenant_id = ${from} RETURNING 1)
          SELECT count(*)::int AS n FROM m`,
    );
    const n = Number(rows[0]?.n ?? 0);
    if (n) moved[name] = n;
  }
  return moved;
}
