/**
 * The incidents module (platform/module.ts): 优护计划 incidents and platform changes (routes), the resumable
 * fan-out of their notices (sweep), and whether an account was told of an incident (for follow-up tickets).
 */
import type { Db } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import type { Module } from '../../platform/module.js';
import type { Notifier } from '../notifications/index.js';
import { registerIncidentRoutes } from './http/routes.js';
import { incidentFanOutSweep, incidentVisibleTo, type IncidentsDeps } from './use-cases/incidents.js';

export interface IncidentsPorts {
  readonly notifier: Notifier;
}

export interface IncidentsProvides {
  /** R-NTF-2: a follow-up ticket may name an incident the account was notified of. */
  readonly incidentVisibleTo: (db: Db, incidentId: string, accountId: string) => Promise<boolean>;
}

export function createIncidentsModule(deps: Deps, ports: IncidentsPorts): Module<IncidentsProvides> {
  const own: IncidentsDeps = { ...deps, notifier: ports.notifier };
  return {
    name: 'incidents',
    routes: (app) => registerIncidentRoutes(app, own),
    sweeps: [incidentFanOutSweep(own)],
    provides: { incidentVisibleTo },
  };
}
