/**
 * The intake INSERT (the hottest write): the whole row as one jsonb parameter, `jsonb_populate_record` turning it
 * into a `tickets` record. One short SQL text and one bind parameter instead of forty: building and binding a
 * forty-column INSERT cost the server more than running it. The number is drawn first (its acknowledgement names
 * it), so the INSERT can go out as a CTE of the statement that writes its notices (outbox.enqueue's `along`).
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { paddedSequence, rowsOf } from '../../../platform/sql-params.js';
import type { TicketRow } from '../domain/views.js';
import { tickets } from './tables.js';

/** Row property → column name, once. */
const COLUMN_NAMES = Object.entries(getTableColumns(tickets)).map(([key, column]) => [key, column.name] as const);

/** Every column keyed by its column name; Dates travel as ISO instants, jsonb columns as JSON. */
function asRecord(row: TicketRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, name] of COLUMN_NAMES) {
    const value = (row as unknown as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) out[name] = value;
  }
  return out;
}

/**
 * The next ticket number, `${prefix}NNNNNN` (a per-database sequence that never resets, at least six digits, never
 * cut). The unique index on tickets.number backs it; a number drawn for a ticket that is then refused is skipped.
 */
export async function nextTicketNumber(db: Db, prefix: string): Promise<string> {
  const [row] = await rowsOf<{ number: string }>(
    db,
    sql`SELECT ${prefix} || ${paddedSequence('ticket_number_seq')} AS number`,
  );
  return row!.number;
}

/** The INSERT of a new ticket, not yet run. */
export function ticketInsert(row: TicketRow): SQL {
  return sql`INSERT INTO tickets SELECT * FROM jsonb_populate_record(NULL::tickets, ${JSON.stringify(asRecord(row))}::jsonb)`;
}
