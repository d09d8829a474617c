/**
 * Set-based SQL helpers: a whole batch as one JSON parameter (thousands of ids or rows in one statement, no limit on
 * bind parameters, no quoting rules), and the rows of a raw statement on either driver.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './db.js';

/** A text[] of any strings, for `column = ANY(${textArray(ids)})`. */
export function textArray(values: readonly string[]): SQL {
  return sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/** The rows of one raw statement (PGlite and node-postgres both answer `{ rows }`); `Database.rows` is this. */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * One array parameter as a PostgreSQL array literal (`{"a","b",NULL}`), for `unnest(${array(values, 'bigint')}, …)`:
 * a column of a batch in one bind parameter on either driver (drizzle would spread a JS array into many).
 */
export function array(
  values: readonly (string | number | bigint | null)[],
  type: 'text' | 'int' | 'bigint' | 'date',
): SQL {
  const literal = `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
  return sql`${literal}::${sql.raw(type)}[]`;
}

/**
 * The next value of a sequence as text, zero-padded to at least six digits and never cut (lpad truncates to its
 * length, so past 999999 the pad is the number's own length). Drawn once, in a one-row subquery.
 */
export function paddedSequence(sequence: 'ticket_number_seq' | 'service_request_number_seq'): SQL {
  return sql`(SELECT lpad(n, greatest(6, length(n)), '0') FROM (SELECT nextval(${sql.raw(`'${sequence}'`)})::text AS n) AS seq)`;
}
