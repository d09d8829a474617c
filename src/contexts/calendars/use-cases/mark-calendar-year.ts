/**
 * R-TKT-3: a provider admin says whether a year of a country's calendar is complete. Only a complete year "has data":
 * the seed marks the years its package covers; for any other year (a country the seed does not cover, a year the
 * package does not have yet) the admin enters its days and then marks it complete. Until then the year stays in
 * `missingYears` and is logged, its entered days applied all the same. Marking a year not complete (e.g. a seeded
 * year found wrong) reports it missing again; the seed never overwrites an admin's mark either way.
 * After the commit this process reloads its calendars; others pick the change up with `calendars.refresh`.
 */
import type { Principal } from '../../../platform/http/principal.js';
import { insertAuditEvent } from '../../../platform/store/audit.js';
import { findHolidayYear, upsertYearMark } from '../store/holiday-store.js';
import { reloadCalendars, requireProviderAdmin, type EditDeps } from './edit-calendar-day.js';
import { yearStatusView } from './get-calendar.js';

export async function markCalendarYear(
  deps: EditDeps,
  principal: Principal,
  country: string,
  year: number,
  input: { complete: boolean },
) {
  requireProviderAdmin(principal);
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const previous = await findHolidayYear(tx, country, year, { forUpdate: true });
    const saved = await upsertYearMark(tx, country, year, {
      isComplete: input.complete,
      updatedBy: principal.id,
      updatedAt: now,
    });
    await insertAuditEvent(tx, {
      tenantId: null,
      actor: principal.id,
      action: 'calendar.year_marked',
      objectId: `${country}:${year}`,
      data: {
        before: previous ? { complete: previous.isComplete, source: previous.source } : null,
        after: { complete: input.complete },
      },
      at: now,
    });
    return saved;
  });
  await reloadCalendars(deps);
  return { id: country, year, ...yearStatusView(row) };
}
