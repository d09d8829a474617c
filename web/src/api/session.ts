/**
 * Sign-in and the current session (docs/API.md "Sign-in and sessions"), on the generated client: POST
 * /api/v1/sessions sets the HttpOnly cookie and answers the CSRF token; GET /api/v1/sessions/current answers it
 * again after a reload (401 when nobody is signed in: the session is null, and an expired one says so).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, call, setCsrfToken } from './client';
import type { paths } from './schema';

export type Role =
  'provider_admin' | 'support_engineer' | 'tam' | 'billing_operator' | 'customer_owner' | 'customer_member';

type Current = paths['/api/v1/sessions/current']['get']['responses'][200]['content']['application/json'];
export type CurrentSession = Omit<Current, 'role'> & { role: Role };

export const STAFF_ROLES: Role[] = ['provider_admin', 'support_engineer', 'tam', 'billing_operator'];
export const isStaff = (role: Role | undefined) => !!role && STAFF_ROLES.includes(role);

/** Why the last session ended (SESSION_EXPIRED's `details.reason`): the sign-in page says so until a sign-in. */
let endedReason: string | null = null;
export function sessionEndedReason(): string | null {
  return endedReason;
}
export function noteSessionEnded(code: string, details: Record<string, unknown>): void {
  if (code === 'SESSION_EXPIRED') endedReason = typeof details.reason === 'string' ? details.reason : 'expired';
}

/** The current session (null: nobody is signed in); also prefetched when the console starts (app/App.tsx). */
export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async (): Promise<CurrentSession | null> => {
    try {
      const s = await call(api.GET('/api/v1/sessions/current'), { signedOut: false });
      setCsrfToken(s.session?.csrfToken ?? null);
      return { ...s, role: s.role as Role };
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      setCsrfToken(null);
      noteSessionEnded(err.code, err.details);
      return null;
    }
  },
  staleTime: 5 * 60_000,
  retry: false,
});

export function useSession() {
  return useQuery(sessionQuery);
}

/** How this server signs users in (the "Sign in with …" button when the provider set up OpenID Connect). */
export function useSignInMethods() {
  return useQuery({
    queryKey: ['sign-in-methods'],
    queryFn: () => call(api.GET('/api/v1/sessions/methods'), { signedOut: false }),
    staleTime: Infinity,
    retry: false,
  });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      call(api.POST('/api/v1/sessions', { body }), { signedOut: false }),
    onSuccess: async (data) => {
      setCsrfToken(data.session.csrfToken);
      endedReason = null;
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      await qc.invalidateQueries({ queryKey: ['session'] });
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/sessions/current'), { signedOut: false }),
    onSettled: () => {
      setCsrfToken(null);
      endedReason = null;
      qc.setQueryData(['session'], null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    },
  });
}
