/** The audit trail (who changed what, when, before/after): one writer for every context. */
import type { Db } from '../db.js';
import { auditEvents } from './tables.js';

export type NewAuditEvent = typeof auditEvents.$inferInsert;

export async function insertAuditEvent(db: Db, row: NewAuditEvent): Promise<void> {
  await db.insert(auditEvents).values(row);
}
