/**
 * An effect as the outbox stores it (STYLE §6): a plain value domain code may build (a message, a mail) without
 * importing the dispatcher; `platform/outbox.ts` writes and dispatches it.
 */
export interface OutboxEffect {
  readonly topic: string;
  /** One effect per key, ever: e.g. "sla:tkt_…:breach", "bill:acc_…:2026-03". */
  readonly dedupeKey: string;
  readonly payload: Record<string, unknown>;
  readonly tenantId?: string | null;
  readonly availableAt?: Date;
}
