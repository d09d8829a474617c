/**
 * Wires the tickets context to its ports: holiday-aware calendars, the notification policy and SLA adjusters.
 */
import type { Deps } from '../platform/deps.js';
import { messageEffect } from '../contexts/notifications/domain/message.js';
import type { SlaAdjuster, TicketCalendars, TicketNotifier, TicketsDeps } from '../contexts/tickets/ports.js';

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
