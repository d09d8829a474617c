/**
 * Wires the tickets context to its ports: holiday-aware calendars, the notification policy and SLA adjusters.
 */
import type { Deps } from '../platform/deps.js';
import type { SlaAdjuster, TicketCalendars, TicketNotifier, TicketsDeps } from '../contexts/tickets/ports.js';

export function ticketsDeps(
  deps: Deps,
  ports: {
    calendars: TicketCalendars;
    notifier: TicketNotifier;
    adjusters?: SlaAdjuster[];
    incidentVisibleTo?: TicketsDeps['incidentVisibleTo'];
  },
): TicketsDeps {
  return {
    ...deps,
    calendars: ports.calendars,
    notifier: ports.notifier,
    adjusters: ports.adjusters ?? [],
    ...(ports.incidentVisibleTo ? { incidentVisibleTo: ports.incidentVisibleTo } : {}),
  };
}
