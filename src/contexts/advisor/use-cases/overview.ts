/**
 * GET /api/v1/accounts/{id}/advisor: the risk overview (风险检查页) — whether the level includes the advisor and its
 * cost/capacity checks, the authorization, the schedule, the open findings by dimension and severity, the latest
 * run and the size of the inventory.
 */
import type { Principal } from '../../../platform/http/principal.js';
import { advisorEntitlement } from '../domain/rules.js';
import type { AdvisorDeps } from '../ports.js';
import { openCounts } from '../store/finding-store.js';
import { countPresent } from '../store/resource-store.js';
import { latestCompletedRun, runningRunOf } from '../store/run-store.js';
import { findSettings } from '../store/settings-store.js';
import { readableAccount } from './access.js';
import { currentRules } from './open-run.js';
import { unavailableDimensions } from './process-run.js';
import { authorizationView, listEventsOf } from './settings.js';
import { runView, scheduleView, summaryOfCounts } from './views.js';

export async function advisorOverview(deps: AdvisorDeps, principal: Principal, accountId: string) {
  const account = await readableAccount(deps, principal, accountId);
  const advisor = deps.catalog.def.advisor;
  const entitlement = advisorEntitlement(advisor, account.levelFeatures);
  const [settings, counts, last, running, resources, rules, events] = await Promise.all([
    findSettings(deps.db, account.id),
    openCounts(deps.db, account.id),
    latestCompletedRun(deps.db, account.id),
    runningRunOf(deps.db, account.id),
    countPresent(deps.db, account.id),
    currentRules(deps, deps.db, account),
    listEventsOf(deps, account.id),
  ]);
  return {
    accountId: account.id,
    level: account.levelId,
    included: entitlement.included,
    costCapacity: entitlement.costCapacity,
    unavailableDimensions: advisor ? unavailableDimensions(rules) : [],
    authorization: authorizationView(settings),
    schedule: scheduleView(settings, account.timeZone),
    risks: summaryOfCounts(counts),
    lastRun: last ? runView(deps, last) : null,
    runningRunId: running?.id ?? null,
    resources,
    events: events.items,
  };
}
