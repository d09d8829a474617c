/**
 * R-TKT-3 deadlines in SQL (issue 14: the sweep's SQL lives here). The breach condition is isBreached()
 * (src/domain/sla/is-breached.ts) written as a WHERE clause: test/store/sla-store.test.ts checks the two agree on a
 * table of rows, on PGlite and PostgreSQL.
 */
import { and, eq, gt, inArray, isNull, lt, lte, min, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { tickets } from './tables.js';

type TicketRow = typeof tickets.$inferSelect;

/** The statuses whose unanswered deadline still runs. */
export const ACTIVE_STATUSES = ['open', 'in_progress', 'waiting_for_customer'] as const;

/** Unanswered, open, not yet warned nor breached, and (with `now`) at or past its 80% instant. */
const pendingWarning = (now?: Date) =>
  and(
    isNull(tickets.respondedAt),
    isNull(tickets.warnedAt),
    eq(tickets.breached, false),
    inArray(tickets.status, [...ACTIVE_STATUSES]),
    now ? lte(tickets.warningAt, now) : undefined,
  );

/**
 * Not yet recorded as breached, and breached at `now` by isBreached(): answered after the deadline, or unanswered
 * (and still open) with the clock past it. Without `now`: every ticket whose breach is or will become due.
 */
const pendingBreach = (now?: Date) =>
  and(
    eq(tickets.breached, false),
    or(
      and(isNull(tickets.respondedAt), inArray(tickets.status, [...ACTIVE_STATUSES])),
      gt(tickets.respondedAt, tickets.responseDueAt),
    ),
    now ? lt(tickets.responseDueAt, now) : undefined,
  );

/** Up to `limit` tickets whose 80% warning is due at `now`, earliest first. */
export async function dueWarningIds(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(pendingWarning(now))
    .orderBy(tickets.warningAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Up to `limit` tickets whose breach is due at `now`, earliest deadline first. */
export async function dueBreachIds(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(pendingBreach(now))
    .orderBy(tickets.responseDueAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Stamps the warning (warnedAt = warningAt) if it is still due at `now`; the stamped row, or undefined. */
export async function stampWarning(tx: Db, id: string, now: Date): Promise<TicketRow | undefined> {
  const [t] = await tx
    .update(tickets)
    .set({ warnedAt: sql`${tickets.warningAt}` })
    .where(and(eq(tickets.id, id), pendingWarning(now)))
    .returning();
  return t;
}

/** Records the breach at the deadline (breachedAt = responseDueAt) if it is still due at `now`. */
export async function markBreached(tx: Db, id: string, now: Date): Promise<TicketRow | undefined> {
  const [row] = await tx
    .update(tickets)
    .set({ breached: true, breachedAt: sql`${tickets.responseDueAt}` })
    .where(and(eq(tickets.id, id), pendingBreach(now)))
    .returning();
  return row;
}

/** The earliest pending warning instant and the earliest pending deadline (null when none). */
export async function nextSlaInstants(db: Db): Promise<{ warningAt: Date | null; dueAt: Date | null }> {
  const [w] = await db
    .select({ at: min(tickets.warningAt) })
    .from(tickets)
    .where(pendingWarning());
  const [b] = await db
    .select({ at: min(tickets.responseDueAt) })
    .from(tickets)
    .where(pendingBreach());
  return { warningAt: w?.at ? new Date(w.at) : null, dueAt: b?.at ? new Date(b.at) : null };
}

/** Deadlines past at `now` whose breach is not yet recorded. */
export async function countDueBreaches(db: Db, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`count(*)` })
    .from(tickets)
    .where(pendingBreach(now));
  return Number(row?.n ?? 0);
}
