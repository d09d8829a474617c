/**
 * Issue 12 (R-ACC-4 TAMs assigned to accounts): a TAM's "my accounts" — each assigned account with its plan
 * (level, status, validity, auto-renew, days to renewal), its open tickets by deadline band and deadline (expedited
 * first within a band, as the queue), and its service requests still to come. The admin may read any TAM's.
 */
import { DomainError } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { localDateAt } from '../../../domain/calendar/index.js';
import { pageAccountsOfTam } from '../../accounts/index.js';
import { loadEffectivePlan } from '../../subscriptions/index.js';
import { compareQueue, queueBand } from '../domain/queue-band.js';
import type { TicketsDeps } from '../ports.js';
import { activeTicketsOfAccounts } from '../store/ticket-reads.js';

const DAY_MS = 86_400_000;

export async function listTamAccounts(
  deps: TicketsDeps,
  principal: Principal,
  query: TPageQuery & { tamUserId?: string | undefined },
) {
  let tamUserId: string;
  if (principal.role === 'tam') tamUserId = principal.id;
  else if (principal.role === 'provider_admin' && query.tamUserId) tamUserId = query.tamUserId;
  else
    throw new DomainError(
      'FORBIDDEN',
      { requiredRole: 'tam', ...(principal.role === 'provider_admin' ? { missing: 'tamUserId' } : {}) },
      principal.role === 'provider_admin'
        ? 'Name the TAM with ?tamUserId=.'
        : 'Only a technical account manager has assigned accounts.',
    );
  const now = deps.clock.now();
  const offset = (query.page - 1) * query.pageSize;
  const { rows: accounts, total } = await pageAccountsOfTam(deps.db, tamUserId, offset, query.pageSize);
  const ids = accounts.map((a) => a.id);
  const open = await activeTicketsOfAccounts(deps.db, ids);
  const today = localDateAt(now.getTime(), deps.catalog.timeZone);
  const requests = deps.upcomingServiceRequests ? await deps.upcomingServiceRequests(deps.db, ids, today) : [];
  const items = [];
  for (const a of accounts) {
    const plan = await loadEffectivePlan(deps.db, deps.catalog, a, now);
    const mine = open
      .filter((t) => t.accountId === a.id)
      .map((t) => ({
        t,
        band: queueBand({
          responseDueAtMs: t.responseDueAt.getTime(),
          respondedAtMs: t.respondedAt?.getTime() ?? null,
          nowMs: now.getTime(),
        }),
      }))
      .sort((x, y) =>
        compareQueue(
          { band: x.band, expedited: !!x.t.expeditedAt, responseDueAtMs: x.t.responseDueAt.getTime() },
          { band: y.band, expedited: !!y.t.expeditedAt, responseDueAtMs: y.t.responseDueAt.getTime() },
        ),
      );
    items.push({
      account: { id: a.id, name: a.name, email: a.email, region: a.region, locale: a.locale },
      plan: {
        level: plan.level?.id ?? null,
        status: plan.status,
        source: plan.source,
        validFrom: plan.validFrom?.toISOString() ?? null,
        validTo: plan.validTo?.toISOString() ?? null,
        autoRenew: plan.subscription?.autoRenew ?? false,
        daysToRenewal: plan.validTo ? Math.max(0, Math.ceil((plan.validTo.getTime() - now.getTime()) / DAY_MS)) : null,
      },
      openTickets: mine.map(({ t }) => ({
        id: t.id,
        number: t.number,
        subject: t.subject,
        severity: t.severity,
        status: t.status,
        assigneeId: t.assigneeId,
        responseDueAt: t.responseDueAt.toISOString(),
        responded: t.respondedAt !== null,
        expedited: t.expeditedAt !== null,
      })),
      upcomingServiceRequests: requests.filter((r) => r.accountId === a.id).map(({ accountId: _, ...r }) => r),
    });
  }
  return pageOf(items, query, total);
}
