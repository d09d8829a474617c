/**
 * Every page of the console, one folder per context under src/routes/ (STYLE §12). Adding a page: create
 * `src/routes/<context>/<page>.tsx` exporting `Component`, then add one line here; it is loaded on first visit
 * (its own chunk), and its link goes in CUSTOMER_NAV or STAFF_NAV (app/nav.ts) with the roles that see it.
 * The sign-in route imports no antd; everything under the shell (app/Shell.tsx) may.
 */
import type { RouteObject } from 'react-router';

const page = (load: () => Promise<{ Component: React.ComponentType }>) => ({ lazy: load });

/** Shown while the first page's chunk loads. */
function Loading() {
  return <div role="status" className="loading" />;
}

export const routes: RouteObject[] = [
  { path: '/sign-in', HydrateFallback: Loading, ...page(() => import('../routes/sign-in/sign-in')) },
  { path: '/set-password', HydrateFallback: Loading, ...page(() => import('../routes/set-password/set-password')) },
  {
    HydrateFallback: Loading,
    ...page(() => import('./Shell')),
    children: [
      { index: true, ...page(() => import('../routes/home')) },
      { path: 'plan', ...page(() => import('../routes/plan/plan')) },
      { path: 'sharing', ...page(() => import('../routes/plan/sharing')) },
      { path: 'account', ...page(() => import('../routes/account/profile')) },
      { path: 'tickets', ...page(() => import('../routes/tickets/list')) },
      { path: 'tickets/new', ...page(() => import('../routes/tickets/new')) },
      { path: 'tickets/:id', ...page(() => import('../routes/tickets/detail')) },
      { path: 'service-requests', ...page(() => import('../routes/service-requests/list')) },
      { path: 'service-requests/new', ...page(() => import('../routes/service-requests/new')) },
      { path: 'service-requests/:id', ...page(() => import('../routes/service-requests/detail')) },
      { path: 'bills', ...page(() => import('../routes/billing/bills')) },
      { path: 'messages', ...page(() => import('../routes/messages/messages')) },
      { path: 'settings/notifications', ...page(() => import('../routes/settings/notifications')) },
      { path: 'developer', ...page(() => import('../routes/developer/developer')) },
      { path: 'advisor', ...page(() => import('../routes/advisor/overview')) },
      { path: 'reports', ...page(() => import('../routes/reports/list')) },
      { path: 'advisor/findings', ...page(() => import('../routes/advisor/findings')) },
      { path: 'advisor/rules', ...page(() => import('../routes/advisor/rules')) },
      { path: 'advisor/schedule', ...page(() => import('../routes/advisor/schedule')) },
      { path: 'advisor/history', ...page(() => import('../routes/advisor/history')) },
      { path: 'advisor/history/:runId', ...page(() => import('../routes/advisor/run')) },
      { path: 'staff/queue', ...page(() => import('../routes/staff/queue')) },
      { path: 'staff/tickets/:id', ...page(() => import('../routes/staff/ticket')) },
      { path: 'staff/service-requests', ...page(() => import('../routes/service-requests/list')) },
      { path: 'staff/service-requests/:id', ...page(() => import('../routes/service-requests/detail')) },
      { path: 'staff/incidents', ...page(() => import('../routes/staff/incidents')) },
      { path: 'staff/calls', ...page(() => import('../routes/staff/calls')) },
      { path: 'staff/accounts', ...page(() => import('../routes/staff/accounts')) },
      { path: 'staff/tam-accounts', ...page(() => import('../routes/staff/tam-accounts')) },
      { path: 'staff/accounts/:id/advisor', ...page(() => import('../routes/staff/advisor')) },
      { path: 'staff/billing', ...page(() => import('../routes/staff/billing')) },
      { path: 'staff/calendars', ...page(() => import('../routes/staff/calendars')) },
      { path: 'staff/reports', ...page(() => import('../routes/staff/reports')) },
      { path: '*', ...page(() => import('./NotFound')) },
    ],
  },
];
