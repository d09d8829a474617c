/** The console frame: role-aware navigation (customers never see staff links), language switch, sign-out. */
import { Badge, Button, Layout as AntLayout, Menu, Space, Typography } from 'antd';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useMessages } from '../api/messages';
import { isStaff, useSession, useSignOut, type Role } from '../api/session';
import { useI18n, type MessageKey } from '../i18n';
import { LanguageSwitch } from '../ui/LanguageSwitch';

interface NavItem {
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
  { to: '/sharing', label: 'nav.sharing' },
  { to: '/developer', label: 'nav.developer', roles: ['customer_owner'] },
];

const SUPPORT: Role[] = ['provider_admin', 'support_engineer', 'tam'];
export const STAFF_NAV: NavItem[] = [
  { to: '/staff/queue', label: 'nav.queue', roles: SUPPORT },
  { to: '/staff/service-requests', label: 'nav.serviceRequests', roles: SUPPORT },
  { to: '/staff/incidents', label: 'nav.incidents', roles: SUPPORT },
  { to: '/staff/accounts', label: 'nav.accounts', roles: ['provider_admin', 'tam', 'billing_operator'] },
  { to: '/staff/billing', label: 'nav.billing', roles: ['provider_admin', 'billing_operator'] },
  { to: '/staff/calendars', label: 'nav.calendars', roles: ['provider_admin'] },
];

/** Where a user lands after signing in. */
export function homeOf(role: Role): string {
  if (!isStaff(role)) return '/plan';
  return STAFF_NAV.find((n) => !n.roles || n.roles.includes(role))?.to ?? '/staff/queue';
}

function UnreadBadge({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  const unread = useMessages(accountId, 1, true);
  const count = unread.data?.unread ?? 0;
  return count ? <Badge count={count} size="small" title={t('messages.unread', { count })} /> : null;
}

export function Layout() {
  const { t } = useI18n();
  const session = useSession();
  const signOut = useSignOut();
  const location = useLocation();
  if (session.isPending) return <div role="status">{t('common.loading')}</div>;
  if (!session.data) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  const { role, user, account } = session.data;
  const staff = isStaff(role);
  const nav = (staff ? STAFF_NAV : CUSTOMER_NAV).filter((n) => !n.roles || n.roles.includes(role));
  const selected = nav.find((n) => location.pathname.startsWith(n.to))?.to;
  if (staff && !location.pathname.startsWith('/staff')) return <Navigate to={homeOf(role)} replace />;
  if (!staff && location.pathname.startsWith('/staff')) return <Navigate to="/plan" replace />;
  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">
        {t('app.skip')}
      </a>
      <AntLayout.Header
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#fff' }}
      >
        <Typography.Text strong style={{ fontSize: 18 }}>
          {t('app.name')} · {staff ? t('app.staffConsole') : t('app.customerConsole')}
        </Typography.Text>
        <Space>
          <span>{account ? `${account.name} · ${user.name}` : user.name}</span>
          <LanguageSwitch />
          <Button onClick={() => signOut.mutate()}>{t('app.signOut')}</Button>
        </Space>
      </AntLayout.Header>
      <AntLayout>
        <AntLayout.Sider width={220} theme="light">
          <nav aria-label={t('nav.main')}>
            <Menu
              mode="inline"
              selectedKeys={selected ? [selected] : []}
              items={nav.map((n) => ({
                key: n.to,
                label: (
                  <Link to={n.to}>
                    {t(n.label)} {n.to === '/messages' && account ? <UnreadBadge accountId={account.id} /> : null}
                  </Link>
                ),
              }))}
            />
          </nav>
        </AntLayout.Sider>
        <AntLayout.Content id="main" style={{ padding: 24 }}>
          <Outlet />
        </AntLayout.Content>
      </AntLayout>
    </AntLayout>
  );
}
