/** The console root: query cache, languages (antd's locale follows), the router. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { onSignedOut } from '../api/client';
import { I18nProvider, useI18n } from '../i18n';
import { routes } from './routes';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
});
const router = createBrowserRouter(routes);

function Themed() {
  const { locale } = useI18n();
  useEffect(
    () =>
      onSignedOut((code) => {
        if (code === 'SESSION_EXPIRED' || code === 'UNAUTHENTICATED') {
          queryClient.setQueryData(['session'], null);
          void router.navigate('/sign-in', { state: { expired: code === 'SESSION_EXPIRED' } });
        }
      }),
    [],
  );
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d4ed8' } }}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed />
      </I18nProvider>
    </QueryClientProvider>
  );
}
