/**
 * The navigation of both consoles and where each role lands. Plain data (no antd): the sign-in route reads
 * `homeOf` and must stay out of the app shell's chunk. A page with a link adds one entry here with its roles.
 */
import type { Role } from '../api/session';
import { isStaff } from '../api/session';
import type { MessageKey } from '../i18n';

export interface NavItem {
  to: string;
  label: MessageKey;
  roles?: Role[];
}

export const CUSTOMER_NAV: NavItem[] = [
  { to: '/plan', label: 'nav.plan' },
  { to: '/tickets', label: 'nav.tickets' },
  { to: '/service-requests', label: 'nav.serviceRequests' },
  { to: '/bills', label: 'nav.bills' },
  { to: '/messages', label: 'nav.messages' },
  { to: '/settings/notifications', label: 'nav.notificationSettings' },
  { to: '/advisor', label: 'nav.advisor' },
  { to: '/reports', label: 'nav.reports' },
  { to: '/sharing', label: 'nav.sharing' },
  { to: '/account', label: 'nav.account' },
  { to: '/developer', label: 'nav.developer', roles: ['customer_owner'] },
];

const SUPPORT: Role[] = ['provider_admin', 'support_engineer', 'tam'];
export const STAFF_NAV: NavItem[] = [
  { to: '/staff/queue', label: 'nav.queue', roles: SUPPORT },
  { to: '/staff/service-requests', label: 'nav.serviceRequests', roles: SUPPORT },
  { to: '/staff/incidents', label: 'nav.incidents', roles: SUPPORT },
  { to: '/staff/calls', label: 'nav.calls', roles: SUPPORT },
  { to: '/staff/tam-accounts', label: 'nav.tamAccounts', roles: ['tam'] },
  { to: '/staff/accounts', label: 'nav.accounts', roles: ['provider_admin', 'tam', 'billing_operator'] },
  { to: '/staff/billing', label: 'nav.billing', roles: ['provider_admin', 'billing_operator'] },
  { to: '/staff/calendars', label: 'nav.calendars', roles: ['provider_admin'] },
  { to: '/staff/reports', label: 'nav.reports', roles: SUPPORT },
];

/** The links a role sees. */
export function navOf(role: Role): NavItem[] {
  return (isStaff(role) ? STAFF_NAV : CUSTOMER_NAV).filter((n) => !n.roles || n.roles.includes(role));
}

/** Where a user lands after signing in. */
export function homeOf(role: Role): string {
  if (!isStaff(role)) return '/plan';
  return navOf(role)[0]?.to ?? '/staff/queue';
}
