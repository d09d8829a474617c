/**
 * The console root: query cache, languages, the router. No antd here: the sign-in route loads without it (its
 * JavaScript budget, `npm run bench`); the signed-in pages load the antd shell (app/Shell.tsx) as a route of its own.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { onSignedOut, setCsrfToken } from '../api/client';
import { queryClient } from '../api/query-client';
import { noteSessionEnded } from '../api/session';
import { I18nProvider } from '../i18n';
import { routes } from './routes';

const router = createBrowserRouter(routes);

/** A request refused with 401 mid-session: the session is gone (the shell then sends the user to sign in). */
function SignedOutWatch() {
  useEffect(
    () =>
      onSignedOut((code, details) => {
        noteSessionEnded(code, details);
        setCsrfToken(null);
        queryClient.setQueryData(['session'], null);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      }),
    [],
  );
  return null;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <SignedOutWatch />
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>
  );
}
