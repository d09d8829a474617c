/**
 * Who may do what (R-ACC-4, issue 11): one table, role × action, consulted by every use case that refuses a caller
 * for its role. Visibility (NOT_FOUND for what the caller cannot see) is checked before this table, and relations
 * (the owner *of this account*, the ticket's category) after it: the table says which roles may ever do an action,
 * and `nonTechnicalOnly` which may do it on non-technical tickets only (billing operators answer billing questions).
 * Pure data; `test/domain/role-table.test.ts` prints and checks it, `test/http/role-table.test.ts` drives each
 * ticket, service-request, order and advisor action through HTTP with every role.
 */
import type { Role } from './roles.js';

const CUSTOMERS = ['customer_owner', 'customer_member'] as const;
const OWNER = ['customer_owner'] as const;
const ADMIN = ['provider_admin'] as const;
/** Staff who work tickets and service requests (a billing operator only on non-technical tickets). */
const SUPPORT = ['provider_admin', 'support_engineer', 'tam'] as const;
const BILLING = ['provider_admin', 'billing_operator'] as const;
/** Who buys or changes a plan: the account's owner (of its own account, by visibility), the admin, billing staff. */
const ORDERING = ['provider_admin', 'billing_operator', 'customer_owner'] as const;

interface Grant {
  /** Roles that may do the action. */
  readonly roles: readonly Role[];
  /** Roles that may do it on non-technical tickets only (FORBIDDEN on technical ones). */
  readonly nonTechnicalOnly?: readonly Role[];
}

export const ROLE_TABLE = {
  // Tickets (R-TKT).
  'ticket.open': { roles: [...CUSTOMERS, ...SUPPORT], nonTechnicalOnly: ['billing_operator'] },
  'ticket.reply': { roles: [...CUSTOMERS, ...SUPPORT], nonTechnicalOnly: ['billing_operator'] },
  'ticket.reply_internal': { roles: SUPPORT, nonTechnicalOnly: ['billing_operator'] },
  'ticket.attach': { roles: [...CUSTOMERS, ...SUPPORT], nonTechnicalOnly: ['billing_operator'] },
  'ticket.attach_internal': { roles: SUPPORT, nonTechnicalOnly: ['billing_operator'] },
  /** Customers close, resolve or reopen their tickets (the status itself is checked by the workflow). */
  'ticket.close': { roles: [...CUSTOMERS, ...SUPPORT], nonTechnicalOnly: ['billing_operator'] },
  'ticket.set_status': { roles: SUPPORT, nonTechnicalOnly: ['billing_operator'] },
  'ticket.set_customer_status': { roles: [...CUSTOMERS, ...SUPPORT], nonTechnicalOnly: ['billing_operator'] },
  'ticket.assign': { roles: SUPPORT },
  'ticket.regrade': { roles: SUPPORT },
  'ticket.rate': { roles: CUSTOMERS },
  'ticket.queue': { roles: SUPPORT, nonTechnicalOnly: ['billing_operator'] },
  // Service requests (R-SR).
  'service_request.apply': { roles: [...CUSTOMERS, ...SUPPORT] },
  /** Services delivered proactively (e.g. Tianyi's checks on joining) are created by staff. */
  'service_request.apply_proactive': { roles: SUPPORT },
  'service_request.accept': { roles: SUPPORT },
  'service_request.complete': { roles: SUPPORT },
  'service_request.reject': { roles: SUPPORT },
  'service_request.reschedule': { roles: SUPPORT },
  'service_request.add_deliverable': { roles: SUPPORT },
  /** The customer withdraws its own request before processing (staff reject instead). */
  'service_request.withdraw': { roles: CUSTOMERS },
  'service_request.evaluate': { roles: CUSTOMERS },
  // Accounts, users, keys, sessions (R-ACC, R-UI-1). Owners act on their own accounts only (isOwnerOf).
  'account.create': { roles: [...ADMIN, ...OWNER] },
  'account.approve': { roles: ADMIN },
  'account.manage_users': { roles: [...ADMIN, ...OWNER] },
  'account.manage_keys': { roles: [...ADMIN, ...OWNER] },
  'staff.manage_users': { roles: ADMIN },
  'staff.issue_session': { roles: ADMIN },
  /** Issue 13: the staff directory (GET /api/v1/users) staff pick a TAM or a ticket's assignee from. */
  'staff.read_directory': { roles: SUPPORT },
  // Incidents (R-NTF-2), calendars, usage (R-BIL).
  'incident.publish': { roles: SUPPORT },
  'calendar.edit': { roles: ADMIN },
  'usage.record': { roles: BILLING },
  /** The month-end run from the API (POST/GET /api/v1/billing/runs, issue 13). */
  'billing.run': { roles: BILLING },
  // Linked accounts (R-ACC-3): staff decide a customer's request.
  'link.request': { roles: [...OWNER, 'provider_admin', 'support_engineer', 'tam', 'billing_operator'] },
  'link.decide': { roles: ['provider_admin', 'support_engineer', 'tam', 'billing_operator'] },
  // Plans, orders and payments (R-SUB-2, issue 11). The owner acts on its own account only (isOwnerOf, after).
  'order.quote': { roles: ORDERING },
  'order.place': { roles: ORDERING },
  'order.cancel': { roles: ORDERING },
  /** Paying: a customer owner from the balance only (anything else is 402 PAYMENT_REQUIRED, not FORBIDDEN). */
  'order.pay': { roles: ORDERING },
  /** Recording a payment taken in the provider's own billing system (`method: external`, the staff's default). */
  'order.pay_external': { roles: BILLING },
  'plan.auto_renew': { roles: ORDERING },
  'plan.share': { roles: [...ADMIN, ...OWNER] },
  'plan.lock': { roles: ADMIN },
  /** Top-ups, adjustments and vouchers: staff who move money. */
  'balance.write': { roles: BILLING },
  // Optimization advisor (R-OA). Settings are the owner's of this account (isOwner, after the table).
  'advisor.ingest': { roles: ['provider_admin', 'integration'] },
  'advisor.read': { roles: [...CUSTOMERS, ...SUPPORT] },
  'advisor.configure': { roles: OWNER },
} as const satisfies Record<string, Grant>;

export type Action = keyof typeof ROLE_TABLE;

export type Verdict = 'allowed' | 'non_technical_only' | 'forbidden';

/** What the table says for a role: allowed, allowed on non-technical tickets only, or forbidden. */
export function verdictOf(role: Role, action: Action): Verdict {
  const g: Grant = ROLE_TABLE[action];
  if (g.roles.includes(role)) return 'allowed';
  if (g.nonTechnicalOnly?.includes(role)) return 'non_technical_only';
  return 'forbidden';
}

/** May `role` do `action` (on a ticket of `category`, for ticket actions)? */
export function mayDo(role: Role, action: Action, subject: { category?: string } = {}): boolean {
  const v = verdictOf(role, action);
  return v === 'allowed' || (v === 'non_technical_only' && subject.category !== 'technical');
}

/** The roles the table allows for an action (for FORBIDDEN's `details.requiredRole`). */
export function rolesFor(action: Action, subject: { category?: string } = {}): Role[] {
  const g: Grant = ROLE_TABLE[action];
  return [...g.roles, ...(subject.category !== 'technical' ? (g.nonTechnicalOnly ?? []) : [])];
}
