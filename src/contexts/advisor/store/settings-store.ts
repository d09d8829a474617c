/** The customer's advisor settings: authorization, schedule, rule switches and thresholds, groups, events. */
import { and, asc, eq, inArray, isNotNull, lte, min } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import type { RuleOverride } from '../domain/rules.js';
import { advisorEvents, advisorGroupMembers, advisorGroups, advisorRuleSettings, advisorSettings } from './tables.js';

export type SettingsRow = typeof advisorSettings.$inferSelect;

export async function findSettings(db: Db, accountId: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(advisorSettings).where(eq(advisorSettings.accountId, accountId));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

/** Writes the account's settings row (created with defaults on first write). */
export async function saveSettings(
  tx: Db,
  accountId: string,
  tenantId: string,
  set: Partial<Omit<typeof advisorSettings.$inferInsert, 'accountId' | 'tenantId'>> & { updatedAt: Date },
): Promise<SettingsRow> {
  const [row] = await tx
    .insert(advisorSettings)
    .values({ accountId, tenantId, ...set })
    .onConflictDoUpdate({ target: advisorSettings.accountId, set })
    .returning();
  return row!;
}

/** Schedules due at or before `now`, earliest first (a bounded batch). */
export async function dueSchedules(db: Db, now: Date, limit: number): Promise<SettingsRow[]> {
  return db
    .select()
    .from(advisorSettings)
    .where(and(isNotNull(advisorSettings.nextRunAt), lte(advisorSettings.nextRunAt, now)))
    .orderBy(asc(advisorSettings.nextRunAt), asc(advisorSettings.accountId))
    .limit(limit);
}

export async function nextScheduleAt(db: Db): Promise<Date | null> {
  const [row] = await db
    .select({ at: min(advisorSettings.nextRunAt) })
    .from(advisorSettings)
    .where(isNotNull(advisorSettings.nextRunAt));
  return row?.at ? new Date(row.at) : null;
}

export async function ruleOverrides(db: Db, accountId: string): Promise<RuleOverride[]> {
  const rows = await db.select().from(advisorRuleSettings).where(eq(advisorRuleSettings.accountId, accountId));
  return rows.map((r) => ({
    ruleId: r.ruleId,
    enabled: r.enabled,
    thresholds: r.thresholds as Record<string, number>,
  }));
}

export async function saveRuleOverride(
  tx: Db,
  row: {
    accountId: string;
    tenantId: string;
    ruleId: string;
    enabled: boolean | null;
    thresholds: Record<string, number>;
    at: Date;
    by: string;
  },
): Promise<void> {
  const set = { enabled: row.enabled, thresholds: row.thresholds, updatedAt: row.at, updatedBy: row.by };
  await tx
    .insert(advisorRuleSettings)
    .values({ accountId: row.accountId, ruleId: row.ruleId, tenantId: row.tenantId, ...set })
    .onConflictDoUpdate({ target: [advisorRuleSettings.accountId, advisorRuleSettings.ruleId], set });
}

export async function lockRuleOverride(tx: Db, accountId: string, ruleId: string): Promise<RuleOverride | null> {
  const [r] = await tx
    .select()
    .from(advisorRuleSettings)
    .where(and(eq(advisorRuleSettings.accountId, accountId), eq(advisorRuleSettings.ruleId, ruleId)))
    .for('update');
  return r ? { ruleId: r.ruleId, enabled: r.enabled, thresholds: r.thresholds as Record<string, number> } : null;
}

// --- major events ------------------------------------------------------------------------------------------------

export type EventRow = typeof advisorEvents.$inferSelect;

export async function eventsOf(db: Db, accountId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(advisorEvents)
    .where(eq(advisorEvents.accountId, accountId))
    .orderBy(asc(advisorEvents.startDate), asc(advisorEvents.id));
}

export async function replaceEvents(tx: Db, accountId: string, rows: readonly EventRow[]): Promise<void> {
  await tx.delete(advisorEvents).where(eq(advisorEvents.accountId, accountId));
  if (rows.length) await tx.insert(advisorEvents).values([...rows]);
}

// --- resource groups ---------------------------------------------------------------------------------------------

export type GroupRow = typeof advisorGroups.$inferSelect;

export async function groupsOf(db: Db, accountId: string): Promise<(GroupRow & { resourceIds: string[] })[]> {
  const groups = await db
    .select()
    .from(advisorGroups)
    .where(eq(advisorGroups.accountId, accountId))
    .orderBy(asc(advisorGroups.name));
  if (!groups.length) return [];
  const members = await db
    .select()
    .from(advisorGroupMembers)
    .where(
      inArray(
        advisorGroupMembers.groupId,
        groups.map((g) => g.id),
      ),
    )
    .orderBy(asc(advisorGroupMembers.resourceId));
  return groups.map((g) => ({ ...g, resourceIds: members.filter((m) => m.groupId === g.id).map((m) => m.resourceId) }));
}

export async function findGroup(db: Db, accountId: string, groupId: string): Promise<GroupRow | null> {
  const [g] = await db
    .select()
    .from(advisorGroups)
    .where(and(eq(advisorGroups.accountId, accountId), eq(advisorGroups.id, groupId)));
  return g ?? null;
}

export async function groupNameTaken(
  db: Db,
  accountId: string,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  const [g] = await db
    .select({ id: advisorGroups.id })
    .from(advisorGroups)
    .where(and(eq(advisorGroups.accountId, accountId), eq(advisorGroups.name, name)));
  return !!g && g.id !== exceptId;
}

export async function insertGroup(tx: Db, row: GroupRow): Promise<void> {
  await tx.insert(advisorGroups).values(row);
}

export async function renameGroup(tx: Db, groupId: string, name: string): Promise<void> {
  await tx.update(advisorGroups).set({ name }).where(eq(advisorGroups.id, groupId));
}

export async function setGroupMembers(
  tx: Db,
  groupId: string,
  tenantId: string,
  resourceIds: readonly string[],
): Promise<void> {
  await tx.delete(advisorGroupMembers).where(eq(advisorGroupMembers.groupId, groupId));
  if (resourceIds.length)
    await tx
      .insert(advisorGroupMembers)
      .values([...new Set(resourceIds)].map((resourceId) => ({ groupId, resourceId, tenantId })));
}

export async function deleteGroup(tx: Db, groupId: string): Promise<void> {
  await tx.delete(advisorGroupMembers).where(eq(advisorGroupMembers.groupId, groupId));
  await tx.delete(advisorGroups).where(eq(advisorGroups.id, groupId));
}
