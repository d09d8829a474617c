/**
 * Sign-in and the current session (docs/API.md "Sign-in and sessions"): POST /api/v1/sessions sets the HttpOnly
 * cookie and answers the CSRF token; GET /api/v1/sessions/current answers it again after a reload.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, getCsrfToken, setCsrfToken } from './client';

export type Role =
  'provider_admin' | 'support_engineer' | 'tam' | 'billing_operator' | 'customer_owner' | 'customer_member';

export interface CurrentSession {
  user: { id: string; name: string; email: string; role: Role; grade: string | null; accountId: string | null };
  role: Role;
  account: { id: string; name: string; locale: string; timeZone: string } | null;
  locale: string | null;
  timeZone: string | null;
  session: { id: string; csrfToken: string; expiresAt: string } | null;
}

export const STAFF_ROLES: Role[] = ['provider_admin', 'support_engineer', 'tam', 'billing_operator'];
export const isStaff = (role: Role | undefined) => !!role && STAFF_ROLES.includes(role);

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & {
    error?: { code: string; message: string; details?: Record<string, unknown> };
  };
  if (!res.ok) {
    const e = body.error;
    const retry = res.headers.get('retry-after');
    throw new ApiError(res.status, e?.code ?? 'INTERNAL_ERROR', e?.message ?? res.statusText, {
      ...(e?.details ?? {}),
      ...(retry ? { retryAfterSeconds: Number(retry) } : {}),
    });
  }
  return body;
}

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async (): Promise<CurrentSession | null> => {
      const res = await fetch('/api/v1/sessions/current', { credentials: 'same-origin' });
      if (res.status === 401) {
        setCsrfToken(null);
        return null;
      }
      const s = await json<CurrentSession>(res);
      setCsrfToken(s.session?.csrfToken ?? null);
      return s;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; password: string }) => {
      const res = await fetch('/api/v1/sessions', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return json<{ session: { csrfToken: string } }>(res);
    },
    onSuccess: async (data) => {
      setCsrfToken(data.session.csrfToken);
      qc.clear();
      await qc.invalidateQueries({ queryKey: ['session'] });
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await fetch('/api/v1/sessions/current', {
        method: 'DELETE',
        credentials: 'same-origin',
        headers: { 'x-csrf-token': getCsrfToken() ?? '' },
      });
    },
    onSettled: () => {
      setCsrfToken(null);
      qc.setQueryData(['session'], null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    },
  });
}
