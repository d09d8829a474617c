/**
 * Wiring of the service-requests and incidents capabilities (issue 5) for the composition root:
 * routes, the event-protection SLA adjuster for tickets, the allowance rows of GET /plan, the incident sweep.
 */
import type { App } from '../../app/http-types.js';
import type { Deps } from '../../platform/deps.js';
import type { Sweep } from '../../platform/scheduler.js';
import type { BusinessCalendar, HolidayCalendar, ServiceHours } from '../../domain/calendar/index.js';
import type { Catalog } from '../catalog/domain/catalog.js';
import type { SlaAdjuster, TicketNotifier } from '../tickets/ports.js';
import { registerIncidentRoutes } from '../incidents/http/routes.js';
import { incidentFanOutSweep, incidentVisibleTo } from '../incidents/use-cases/incidents.js';
import { registerServiceRequestRoutes } from './http/routes.js';
import { eventProtectionAdjuster } from './use-cases/protection.js';

/** Working days: Monday–Friday, the region's public holidays off and make-up days on (R-SR-3). */
const WORKDAY_HOURS: ServiceHours = {
  kind: 'windows',
  days: [1, 2, 3, 4, 5],
  windows: [{ from: '09:00', to: '18:00' }],
  workingDaysOnly: true,
};

export function wireServiceRequests(
  deps: Deps,
  ports: { notifier: TicketNotifier; holidays: (country: string) => HolidayCalendar | null },
) {
  const cache = new Map<string, BusinessCalendar>();
  const workdays = (catalog: Catalog, regionId: string, zone: string): BusinessCalendar => {
    const country = catalog.region(regionId)?.holidayCalendar ?? null;
    const holidays = country ? ports.holidays(country) : null;
    const key = `${country}|${zone}`;
    const hit = cache.get(key);
    if (hit && hit.holidays === holidays) return hit;
    const cal: BusinessCalendar = { hours: WORKDAY_HOURS, zone, holidays };
    cache.set(key, cal);
    return cal;
  };
  const srDeps = { ...deps, workdays, notifier: ports.notifier };
  const adjusters: SlaAdjuster[] = [eventProtectionAdjuster];
  const sweeps: Sweep[] = [incidentFanOutSweep(srDeps)];
  return {
    adjusters,
    sweeps,
    incidentVisibleTo,
    register(app: App) {
      registerServiceRequestRoutes(app, srDeps);
      registerIncidentRoutes(app, srDeps);
    },
  };
}
