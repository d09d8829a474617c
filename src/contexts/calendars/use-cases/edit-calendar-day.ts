/**
 * R-TKT-3: provider admins correct the holiday tables through the API (a holiday announced late, a make-up working
 * day, a country the seed does not cover). An edited day is source 'admin' and is never overwritten by the seed.
 * After the commit this process reloads its calendars; others pick the change up with `calendars.refresh`.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { DomainError } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { auditEvents } from '../../../platform/store/tables.js';
import type { CalendarDayKind } from '../domain/calendar-day.js';
import { findHoliday } from '../store/holiday-store.js';
import { holidays } from '../store/tables.js';
import type { CalendarService } from './calendar-service.js';
import { dayView } from './get-calendar.js';

type EditDeps = Pick<Deps, 'db' | 'clock'> & { readonly calendars: CalendarService };

function requireProviderAdmin(principal: Principal): void {
  if (principal.role !== 'provider_admin') throw new DomainError('FORBIDDEN', { requiredRole: 'provider_admin' }, 'Only the provider admin edits holiday calendars.');
}

const before = (row: { kind: string; name: string; source: string } | null) => (row ? { kind: row.kind, name: row.name, source: row.source } : null);

/** Creates or replaces one day of a country's table. */
export async function setCalendarDay(deps: EditDeps, principal: Principal, country: string, date: string, input: { kind: CalendarDayKind; name: string }) {
  requireProviderAdmin(principal);
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const previous = await findHoliday(tx as unknown as Db, country, date, { forUpdate: true });
    const values = { kind: input.kind, name: input.name, source: 'admin' as const, updatedBy: principal.id, updatedAt: now };
    const [saved] = await tx
      .insert(holidays)
      .values({ country, date, ...values })
      .onConflictDoUpdate({ target: [holidays.country, holidays.date], set: values })
      .returning();
    await tx.insert(auditEvents).values({ tenantId: null, actor: principal.id, action: 'calendar.day_set', objectId: `${country}:${date}`, data: { before: before(previous), after: { kind: input.kind, name: input.name } }, at: now });
    return saved!;
  });
  await deps.calendars.load();
  return { id: country, ...dayView(row) };
}

/** Removes one day (NOT_FOUND when the table has no such day): the date follows the weekday rule again. */
export async function removeCalendarDay(deps: EditDeps, principal: Principal, country: string, date: string) {
  requireProviderAdmin(principal);
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(holidays)
      .where(and(eq(holidays.country, country), eq(holidays.date, date)))
      .returning();
    if (!removed) throw new DomainError('NOT_FOUND', { country, date }, `The ${country} calendar has no entry for ${date}.`);
    await tx.insert(auditEvents).values({ tenantId: null, actor: principal.id, action: 'calendar.day_removed', objectId: `${country}:${date}`, data: { before: before(removed) }, at: now });
    return removed;
  });
  await deps.calendars.load();
  return { id: country, ...dayView(row) };
}
