/** The console frame: role-aware navigation (customers never see staff links), language switch, sign-out. */
import { Badge, Button, Layout as AntLayout, Menu, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useMessages } from '../api/messages';
import { isStaff, sessionEndedReason, useSession, useSignOut } from '../api/session';
import { useI18n } from '../i18n';
import { homeOf, navOf } from './nav';
import { LanguageSwitch } from '../ui/LanguageSwitch';

function UnreadBadge({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  const unread = useMessages(accountId, 1, true);
  const count = unread.data?.unread ?? 0;
  return count ? <Badge count={count} size="small" title={t('messages.unread', { count })} /> : null;
}

export function Layout() {
  const { t, setTimeZone } = useI18n();
  const session = useSession();
  const signOut = useSignOut();
  const location = useLocation();
  // Dates and times in the account's time zone (the user's, for staff), as the API says.
  const zone = session.data?.account?.timeZone ?? session.data?.timeZone ?? null;
  useEffect(() => {
    if (zone) setTimeZone(zone);
  }, [zone, setTimeZone]);
  if (session.isPending) return <div role="status">{t('common.loading')}</div>;
  if (!session.data)
    return (
      <Navigate
        to="/sign-in"
        replace
        state={{ from: `${location.pathname}${location.search}`, ended: sessionEndedReason() }}
      />
    );
  const { role, user, account } = session.data;
  const staff = isStaff(role);
  const nav = navOf(role);
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
