/**
 * The intake INSERT (the hottest write): the whole row as one jsonb parameter, `jsonb_populate_record` turning it
 * into a `tickets` record, and the number drawn from the sequence in the same statement. One short SQL text and two
 * bind parameters instead of forty: building and binding a forty-column INSERT cost the server more than running it.
 */
import { getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { paddedSequence, rowsOf } from '../../../platform/sql-params.js';
import type { TicketRow } from '../domain/views.js';
import { tickets } from './tables.js';

/** Row property → column name, once. */
const COLUMN_NAMES = Object.entries(getTableColumns(tickets)).map(([key, column]) => [key, column.name] as const);

/** Every column but `number` keyed by its column name; Dates travel as ISO instants, jsonb columns as JSON. */
function asRecord(row: Omit<TicketRow, 'number'>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, name] of COLUMN_NAMES) {
    const value = (row as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) out[name] = value;
  }
  return out;
}

/**
 * Inserts a new ticket numbered `${prefix}NNNNNN` (a per-database sequence that never resets, at least six digits,
 * never cut); returns the number. The unique index on tickets.number backs it.
 */
export async function insertTicket(db: Db, row: Omit<TicketRow, 'number'>, prefix: string): Promise<string> {
  const [inserted] = await rowsOf<{ number: string }>(
    db,
    sql`INSERT INTO tickets SELECT * FROM jsonb_populate_record(NULL::tickets,
          ${JSON.stringify(asRecord(row))}::jsonb || jsonb_build_object('number', ${prefix} ||
            ${paddedSequence('ticket_number_seq')}))
        RETURNING number`,
  );
  return inserted!.number;
}
