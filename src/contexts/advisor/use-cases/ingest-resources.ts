/**
 * POST /api/v1/resources (R-OA-1), an integration key or the admin: the inventory, upserted by the sender's id, all
 * or nothing. Bad records are refused with `body.resources.N.field` (an unknown account, a resource id sent with
 * another account than the stored one, the same id twice with other content, attributes the rules read in the wrong
 * shape). An observation older than the stored one changes nothing. With `fullSync: true` the request lists every
 * resource of each account it names: the others are marked gone. Each change (created, updated, gone, returned) is
 * logged for the monthly report.
 */
import { inTransaction } from '../../../platform/deps.js';
import { validationFailed, type ValidationIssue } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { parseResource, type ParsedResource, type ResourceInput } from '../domain/resource-input.js';
import type { AdvisorDeps } from '../ports.js';
import {
  insertChanges,
  markGone,
  resourceHeads,
  upsertResources,
  type ResourceChange,
} from '../store/resource-store.js';
import { requireIngest } from './access.js';

export interface IngestResourcesResult {
  readonly received: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly gone: number;
}

const prefix = (i: number) => `body.resources.${i}`;

export async function ingestResources(
  deps: AdvisorDeps,
  principal: Principal,
  input: { resources: readonly ResourceInput[]; fullSync?: boolean | undefined },
): Promise<IngestResourcesResult> {
  requireIngest(principal);
  const issues: ValidationIssue[] = [];
  const byId = new Map<string, ParsedResource>();
  input.resources.forEach((r, i) => {
    const parsed = parseResource(r, i, prefix(i));
    if ('issues' in parsed) return void issues.push(...parsed.issues);
    const first = byId.get(r.id);
    if (!first) byId.set(r.id, parsed.resource);
    else if (first.contentHash !== parsed.resource.contentHash || first.accountId !== r.accountId)
      issues.push({ path: `${prefix(i)}.id`, message: `the same id as resources.${first.index} with other content` });
  });
  const accountIds = [...new Set(input.resources.map((r) => r.accountId))];
  const tenants = await deps.ports.tenantsOf(deps.db, accountIds);
  input.resources.forEach((r, i) => {
    if (!tenants.has(r.accountId)) issues.push({ path: `${prefix(i)}.accountId`, message: 'no such account' });
  });
  const unique = [...byId.values()];
  const now = deps.clock.now();
  const refuse = (all: ValidationIssue[]) =>
    validationFailed(
      all.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true })),
      `${all.length} problem(s) in the resources; details.issues names each (nothing was stored).`,
    );
  if (issues.length) throw refuse(issues);

  return inTransaction(
    deps,
    async (tx) => {
      const stored = await resourceHeads(
        tx,
        unique.map((r) => r.id),
        { forUpdate: true },
      );
      const moved = unique
        .filter((r) => stored.has(r.id) && stored.get(r.id)!.accountId !== r.accountId)
        .map((r) => ({ path: `${prefix(r.index)}.accountId`, message: `resource ${r.id} belongs to another account` }));
      if (moved.length) throw refuse(moved);
      const changes: ResourceChange[] = [];
      let created = 0;
      let updated = 0;
      for (const r of unique) {
        const old = stored.get(r.id);
        const change = (kind: ResourceChange['change']) =>
          changes.push({
            tenantId: tenants.get(r.accountId)!,
            accountId: r.accountId,
            resourceId: r.id,
            resourceType: r.type,
            change: kind,
            at: r.observedAt,
          });
        if (!old) {
          created++;
          change('created');
        } else if (r.observedAt.getTime() < old.observedAt.getTime()) continue;
        else if (old.goneAt) {
          updated++;
          change('returned');
        } else if (old.contentHash !== r.contentHash) {
          updated++;
          change('updated');
        }
      }
      await upsertResources(
        tx,
        unique.map((r) => ({ ...r, tenantId: tenants.get(r.accountId)! })),
        now,
      );
      const gone = input.fullSync
        ? await markGone(
            tx,
            accountIds,
            unique.map((r) => r.id),
            now,
          )
        : [];
      for (const g of gone)
        changes.push({
          tenantId: g.tenantId,
          accountId: g.accountId,
          resourceId: g.id,
          resourceType: g.type,
          change: 'gone',
          at: now,
        });
      await insertChanges(tx, changes);
      return {
        received: input.resources.length,
        created,
        updated,
        unchanged: input.resources.length - created - updated,
        gone: gone.length,
      };
    },
    { keepsPlans: true },
  );
}
