/**
 * The console root: query cache, languages, the router. No antd here: the sign-in route loads without it (its
 * JavaScript budget, `npm run bench`); the signed-in pages load the antd shell (app/Shell.tsx) as a route of its own.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { onSignedOut } from '../api/client';
import { I18nProvider } from '../i18n';
import { routes } from './routes';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
});
const router = createBrowserRouter(routes);

function SignedOutRedirect() {
  useEffect(
    () =>
      onSignedOut((code) => {
        if (code === 'SESSION_EXPIRED' || code === 'UNAUTHENTICATED') {
          queryClient.setQueryData(['session'], null);
          queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
          void router.navigate('/sign-in', { state: { expired: code === 'SESSION_EXPIRED' } });
        }
      }),
    [],
  );
  return null;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <SignedOutRedirect />
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>
  );
}
