/**
 * Visibility before entitlement (R-TKT-6): another tenant's ticket is NOT_FOUND for every caller; then a customer
 * calling with an API key needs the level's `ticket_api` entitlement (console sessions and staff are not limited).
 */
import type { Db } from '../../../platform/db.js';
import { notFound, type DomainError } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import type { AccountRow } from '../../accounts/index.js';
import type { EffectivePlan } from '../../subscriptions/index.js';
import { visibleAccountAndPlan } from '../../subscriptions/index.js';
import { requireTicketApi } from '../../subscriptions/index.js';
import type { TicketRow } from '../domain/views.js';
import type { TicketsDeps } from '../ports.js';
import { findTicket } from '../store/ticket-store.js';

/** `db` is the caller's transaction when it writes (never the root client inside one: PGlite would wait on itself). */
export async function loadTicket(
  deps: TicketsDeps,
  db: Db,
  principal: Principal,
  ticketId: string,
  now: Date,
  opts: { forUpdate?: boolean } = {},
): Promise<{ ticket: TicketRow; account: AccountRow; plan: EffectivePlan }> {
  const ticket = await findTicket(db, ticketId, opts);
  if (!ticket) throw notFound('ticket', ticketId);
  const { account, plan } = await visibleAccountAndPlan(
    { db, catalog: deps.catalog, readCaches: deps.readCaches },
    principal,
    ticket.accountId,
    now,
  ).catch((err) => {
    throw (err as DomainError).code === 'NOT_FOUND' ? notFound('ticket', ticketId) : err;
  });
  requireTicketApi(deps.catalog, principal, account, plan);
  return { ticket, account, plan };
}
