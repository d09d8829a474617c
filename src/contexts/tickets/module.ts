/**
 * The tickets module (platform/module.ts): intake, conversation, workflow and queues (routes), and the SLA sweep
 * (80% warnings, breaches, escalation), and the one-time recomputation of stored deadlines (issue 18).
 */
import type { Deps } from '../../platform/deps.js';
import type { Module } from '../../platform/module.js';
import { registerTicketRoutes } from './http/routes.js';
import { countDueUnswept, slaSweep } from './jobs/sla-sweep.js';
import type { TicketsDeps } from './ports.js';
import { recomputeDeadlinesMigration } from './use-cases/recompute-deadlines.js';

/** What the tickets module is given by others: calendars, the notifier, SLA adjusters, incident visibility. */
export type TicketsPorts = Omit<TicketsDeps, keyof Deps | 'adjusters'> & {
  readonly adjusters?: TicketsDeps['adjusters'];
};

export function createTicketsModule(deps: Deps, ports: TicketsPorts): Module {
  const own: TicketsDeps = { ...deps, ...ports, adjusters: ports.adjusters ?? [] };
  return {
    name: 'tickets',
    routes: (app) => registerTicketRoutes(app, own),
    sweeps: [slaSweep(own)],
    gauges: [
      {
        name: 'tierdesk_sla_deadlines_due_unswept',
        help: 'Response deadlines already past whose breach the SLA sweep has not recorded yet',
        collect: (now) => countDueUnswept(own, now),
      },
    ],
    dataMigrations: [recomputeDeadlinesMigration(own)],
  };
}
