/**
 * SQL of the one-time recomputation of stored response deadlines (use-cases/recompute-deadlines.ts): the tickets
 * whose deadline may still matter, read in id order and locked, and their new deadlines written in one statement.
 */
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { ACTIVE_STATUSES } from './sla-store.js';
import { tickets } from './tables.js';

const ACTIVE = [...ACTIVE_STATUSES];

export interface StoredDeadline {
  readonly id: string;
  readonly openedAt: Date;
  readonly targetMinutes: number;
  readonly clock: string;
  readonly timeZone: string;
  readonly holidayCountry: string | null;
  readonly breached: boolean;
  readonly responseDueAt: Date;
  readonly warningAt: Date;
}

/**
 * The next `limit` tickets after id `afterId` whose deadline is live: every active ticket (its deadline is shown,
 * the sweep may warn or breach it), and any ticket answered after its deadline but not yet marked breached (the
 * sweep's other case). Locked FOR UPDATE until the transaction ends, so a reply or re-grade waits for the new values.
 */
export async function lockLiveDeadlines(tx: Db, afterId: string, limit: number): Promise<StoredDeadline[]> {
  return tx
    .select({
      id: tickets.id,
      openedAt: tickets.openedAt,
      targetMinutes: tickets.targetMinutes,
      clock: tickets.clock,
      timeZone: tickets.timeZone,
      holidayCountry: tickets.holidayCountry,
      breached: tickets.breached,
      responseDueAt: tickets.responseDueAt,
      warningAt: tickets.warningAt,
    })
    .from(tickets)
    .where(
      and(
        gt(tickets.id, afterId),
        or(
          inArray(tickets.status, ACTIVE),
          and(eq(tickets.breached, false), gt(tickets.respondedAt, tickets.responseDueAt)),
        ),
      ),
    )
    .orderBy(asc(tickets.id))
    .limit(limit)
    .for('update');
}

/** Writes new deadlines and 80% instants, one statement for the batch. */
export async function writeDeadlines(
  tx: Db,
  rows: readonly { id: string; responseDueAt: Date; warningAt: Date }[],
): Promise<void> {
  if (!rows.length) return;
  const json = JSON.stringify(
    rows.map((r) => ({ id: r.id, due: r.responseDueAt.toISOString(), warning: r.warningAt.toISOString() })),
  );
  await tx.execute(sql`
    UPDATE tickets SET response_due_at = x.due, warning_at = x.warning
    FROM jsonb_to_recordset(${json}::jsonb) AS x(id text, due timestamptz, warning timestamptz)
    WHERE tickets.id = x.id`);
}
