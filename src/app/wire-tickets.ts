/**
 * Wires the tickets context to its ports: holiday-aware calendars, the notification policy and SLA adjusters.
 */
import type { Deps } from '../platform/deps.js';
import type { BusinessCalendar, HolidayCalendar } from '../domain/calendar/index.js';
import { holidayCalendarFromRows } from '../domain/calendar/index.js';
import { chineseDaysSeed } from '../domain/calendar/chinese-days-seed.js';
import type { Catalog } from '../contexts/catalog/domain/catalog.js';
import { messageEffect } from '../contexts/notifications/domain/message.js';
import type { SlaAdjuster, TicketCalendars, TicketNotifier, TicketsDeps } from '../contexts/tickets/ports.js';

/** Interim calendars straight from the chinese-days seed (replaced by the calendars context). */
export function seedCalendars(): TicketCalendars {
  const holidays = new Map<string, HolidayCalendar>([['CN', holidayCalendarFromRows('CN', chineseDaysSeed())]]);
  const cache = new Map<string, BusinessCalendar>();
  return {
    forRegion(catalog: Catalog, regionId: string, zone: string, hoursId: string) {
      const country = catalog.region(regionId)?.holidayCalendar ?? null;
      const key = `${catalog.id}|${country}|${zone}|${hoursId}`;
      let calendar = cache.get(key);
      if (!calendar) {
        calendar = { hours: catalog.serviceHours(hoursId), zone, holidays: country ? (holidays.get(country) ?? null) : null };
        cache.set(key, calendar);
      }
      return { calendar, holidayCountry: country };
    },
  };
}

export function interimNotifier(): TicketNotifier {
  return {
    customer: (n) =>
      n.webhookOnly
        ? []
        : [messageEffect({ tenantId: n.account.tenantId, accountId: n.account.id, kind: n.kind, dedupeKey: n.dedupeKey, title: n.title, body: n.body, data: n.data })],
    staff: () => [],
  };
}

export function ticketsDeps(deps: Deps, ports: { calendars: TicketCalendars; notifier: TicketNotifier; adjusters?: SlaAdjuster[] }): TicketsDeps {
  return { ...deps, calendars: ports.calendars, notifier: ports.notifier, adjusters: ports.adjusters ?? [] };
}
