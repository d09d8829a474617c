/**
 * The application form's dates (R-SR-3, issue 13): for each service the account's level offers on application (and
 * each protection level), the earliest start its lead time allows today in the account's time zone on its working-day
 * calendar — the date the console pre-fills. The same rule `POST /service-requests` applies (the first matching
 * allowance's lead time, else the protection level's, else the service's); an application's own answer still decides
 * (a scenario-specific allowance may differ).
 */
import { addCalendarDays, isWorkingDay, localDateAt } from '../../../domain/calendar/index.js';
import type { ServiceType, TLeadTime } from '../../../domain/catalog/catalog-schema.js';
import type { Principal } from '../../../platform/http/principal.js';
import { visibleAccountAndPlan } from '../../subscriptions/index.js';
import { earliestStart } from '../domain/schedule.js';
import type { ServiceRequestsDeps } from '../ports.js';

export interface EarliestStartRow {
  type: ServiceType;
  protectionLevel: number | null;
  earliestStart: string;
  leadTime: TLeadTime | null;
  startsOnWorkingDay: boolean;
}

export async function earliestStarts(deps: ServiceRequestsDeps, principal: Principal, accountId: string) {
  const { catalog } = deps;
  const now = deps.clock.now();
  const { account, plan } = await visibleAccountAndPlan(deps, principal, accountId, now);
  const applicationDate = localDateAt(now.getTime(), account.timeZone);
  const workdays = deps.workdays(catalog, account.region, account.timeZone);
  const services: EarliestStartRow[] = [];
  const level = plan.level;
  if (level) {
    const excluded = catalog.exclusionsFor(level, account.region);
    for (const service of catalog.def.services) {
      if (excluded.has(`service:${service.id}`)) continue;
      const allowances = catalog.allowancesFor(level, service.id).filter((a) => a.delivery.includes('on_application'));
      if (!allowances.length) continue;
      const protections = service.protectionLevels?.length ? service.protectionLevels : [null];
      for (const protection of protections) {
        const allowance = allowances.find(
          (a) => !protection || !a.protectionLevels || a.protectionLevels.includes(protection.level),
        );
        if (!allowance) continue;
        const lead = allowance.leadTime ?? protection?.leadTime ?? service.leadTime ?? null;
        const workingDay = allowance.unit === 'working_days' || !!service.startsOnWorkingDay;
        let first = lead ? earliestStart(lead, applicationDate, workdays) : applicationDate;
        // A start that must be a working day moves to the next one (a bounded walk: holidays are never a year long).
        for (let i = 0; workingDay && i < 60 && !isWorkingDay(first, workdays); i++) first = addCalendarDays(first, 1);
        services.push({
          type: service.id,
          protectionLevel: protection?.level ?? null,
          earliestStart: first,
          leadTime: lead,
          startsOnWorkingDay: workingDay,
        });
      }
    }
  }
  return { accountId: account.id, applicationDate, timeZone: account.timeZone, services };
}
