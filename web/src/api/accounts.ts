/** Accounts (staff lists them; customers read their own). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';

export function useAccount(accountId: string | undefined) {
  return useQuery({
    queryKey: ['account', accountId],
    enabled: !!accountId,
    queryFn: () => call(api.GET('/api/v1/accounts/{id}', { params: { path: { id: accountId! } } })),
  });
}

export function useAccounts(page: number) {
  return useQuery({
    queryKey: ['accounts', page],
    queryFn: () => call(api.GET('/api/v1/accounts', { params: { query: { page, pageSize: 20 } } })),
  });
}

type StaffRole = 'provider_admin' | 'support_engineer' | 'tam' | 'billing_operator';

/** Issue 13: the staff directory (GET /api/v1/users), staff pick a TAM or an assignee from it; enabled staff only. */
export function useStaffUsers(role: StaffRole, callerRole: string | undefined) {
  return useQuery({
    queryKey: ['staff-users', role],
    // The role table's staff.read_directory: a billing operator is FORBIDDEN (and cannot approve or assign anyway).
    enabled: callerRole === 'provider_admin' || callerRole === 'support_engineer' || callerRole === 'tam',
    queryFn: () => call(api.GET('/api/v1/users', { params: { query: { role: [role], page: 1, pageSize: 100 } } })),
    select: (page) => page.items.filter((u) => !u.disabled),
  });
}

export function useApproveAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, tamUserId }: { id: string; tamUserId: string }) =>
      call(api.POST('/api/v1/accounts/{id}/approval', { params: { path: { id } }, body: { tamUserId } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['accounts'] }),
  });
}

export function useCreateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; email: string; region: string; timeZone: string; locale: string }) =>
      call(api.POST('/api/v1/accounts', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['accounts'] }),
  });
}
