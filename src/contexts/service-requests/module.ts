/**
 * The service-requests module (platform/module.ts): 服务单 routes on the customer's working-day calendar, and the
 * event-protection window that adjusts ticket targets (an SLA adjuster for the tickets module).
 */
import type { Deps } from '../../platform/deps.js';
import type { Module } from '../../platform/module.js';
import type { BusinessCalendar, HolidayCalendar, ServiceHours } from '../../domain/calendar/index.js';
import type { Catalog } from '../../domain/catalog/catalog.js';
import type { Notifier } from '../notifications/index.js';
import type { SlaAdjuster } from '../tickets/index.js';
import { registerServiceRequestRoutes } from './http/routes.js';
import type { ServiceRequestsDeps } from './ports.js';
import { eventProtectionAdjuster } from './use-cases/protection.js';

/** Working days: Monday–Friday, the region's public holidays off and make-up days on (R-SR-3). */
const WORKDAY_HOURS: ServiceHours = {
  kind: 'windows',
  days: [1, 2, 3, 4, 5],
  windows: [{ from: '09:00', to: '18:00' }],
  workingDaysOnly: true,
};

export interface ServiceRequestsPorts {
  readonly notifier: Notifier;
  /** The holiday tables (the calendars module's). */
  readonly calendars: { holidays(country: string): HolidayCalendar | null };
}

export interface ServiceRequestsProvides {
  /** R-TKT-3: event protection raises severity and shortens targets of tickets opened in its window. */
  readonly adjusters: readonly SlaAdjuster[];
}

export function createServiceRequestsModule(deps: Deps, ports: ServiceRequestsPorts): Module<ServiceRequestsProvides> {
  const cache = new Map<string, BusinessCalendar>();
  const workdays = (catalog: Catalog, regionId: string, zone: string): BusinessCalendar => {
    const country = catalog.region(regionId)?.holidayCalendar ?? null;
    const holidays = country ? ports.calendars.holidays(country) : null;
    const key = `${country}|${zone}`;
    const hit = cache.get(key);
    if (hit && hit.holidays === holidays) return hit;
    const cal: BusinessCalendar = { hours: WORKDAY_HOURS, zone, holidays };
    cache.set(key, cal);
    return cal;
  };
  const own: ServiceRequestsDeps = { ...deps, workdays, notifier: ports.notifier };
  return {
    name: 'service-requests',
    routes: (app) => registerServiceRequestRoutes(app, own),
    provides: { adjusters: [eventProtectionAdjuster] },
  };
}
