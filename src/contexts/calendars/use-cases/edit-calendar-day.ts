/**
 * R-TKT-3: provider admins correct the holiday tables through the API (a holiday announced late, a make-up working
 * day, a country the seed does not cover). An edited day is source 'admin' and is never overwritten by the seed; a
 * removed day stays as a tombstone (is_removed), so the seed, which inserts every package date the table lacks, never
 * brings it back. Entering days does not make a year complete (see mark-calendar-year).
 * After the commit this process reloads its calendars; others pick the change up with `calendars.refresh`.
 */
import type { Deps } from '../../../platform/deps.js';
import { DomainError } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { insertAuditEvent } from '../../../platform/store/audit.js';
import type { CalendarDayKind } from '../domain/calendar-day.js';
import { findHoliday, tombstoneDay, upsertAdminDay } from '../store/holiday-store.js';
import type { CalendarService } from './calendar-service.js';
import { dayView } from './get-calendar.js';

export type EditDeps = Pick<Deps, 'db' | 'clock' | 'log'> & { readonly calendars: CalendarService };

/**
 * After the commit: this process's calendars follow the table. The edit is committed and answered whatever happens
 * here (a failed reload is logged; the `calendars.refresh` sweep loads again), so an answer never contradicts the
 * database (issue 11: a 500 that had stored the day).
 */
export async function reloadCalendars(deps: EditDeps): Promise<void> {
  await deps.calendars.load().catch((err: unknown) => deps.log.error({ err }, 'holiday calendars reload failed'));
}

export function requireProviderAdmin(principal: Principal): void {
  if (principal.role !== 'provider_admin')
    throw new DomainError(
      'FORBIDDEN',
      { requiredRole: 'provider_admin' },
      'Only the provider admin edits holiday calendars.',
    );
}

/** The audit's "before": a removed day (tombstone) was not in force. */
const before = (row: { kind: string; name: string; source: string; isRemoved: boolean } | null) =>
  row && !row.isRemoved ? { kind: row.kind, name: row.name, source: row.source } : null;

/** Creates or replaces one day of a country's table. */
export async function setCalendarDay(
  deps: EditDeps,
  principal: Principal,
  country: string,
  date: string,
  input: { kind: CalendarDayKind; name: string },
) {
  requireProviderAdmin(principal);
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const previous = await findHoliday(tx, country, date, { forUpdate: true });
    const saved = await upsertAdminDay(tx, country, date, {
      kind: input.kind,
      name: input.name,
      updatedBy: principal.id,
      updatedAt: now,
    });
    await insertAuditEvent(tx, {
      tenantId: null,
      actor: principal.id,
      action: 'calendar.day_set',
      objectId: `${country}:${date}`,
      data: { before: before(previous), after: { kind: input.kind, name: input.name } },
      at: now,
    });
    return saved;
  });
  await reloadCalendars(deps);
  return { id: country, ...dayView(row) };
}

/**
 * Removes one day (NOT_FOUND when the table has no such day in force): the date follows the weekday rule again. The
 * row is kept as a tombstone by this admin, with the kind and name it had; setting the day again revives it.
 */
export async function removeCalendarDay(deps: EditDeps, principal: Principal, country: string, date: string) {
  requireProviderAdmin(principal);
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const previous = await findHoliday(tx, country, date, { forUpdate: true });
    if (!previous || previous.isRemoved)
      throw new DomainError('NOT_FOUND', { country, date }, `The ${country} calendar has no entry for ${date}.`);
    const removed = await tombstoneDay(tx, country, date, { updatedBy: principal.id, updatedAt: now });
    await insertAuditEvent(tx, {
      tenantId: null,
      actor: principal.id,
      action: 'calendar.day_removed',
      objectId: `${country}:${date}`,
      data: { before: before(previous) },
      at: now,
    });
    return removed;
  });
  await reloadCalendars(deps);
  return { id: country, ...dayView(row) };
}
