/**
 * Issue 12's account pieces in the console: the profile (PATCH /accounts/{id}), its contacts, sub-account
 * invitations (accept/decline), the TAM's accounts and a ticket's expedite.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
export type ProfilePatch = Json<paths['/api/v1/accounts/{id}']['patch']['requestBody']>;
export type ContactInput = Json<paths['/api/v1/accounts/{id}/contacts']['post']['requestBody']>;

export function useUpdateAccount(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfilePatch) =>
      call(api.PATCH('/api/v1/accounts/{id}', { params: { path: { id: accountId } }, body })),
    onSuccess: (account) => {
      qc.setQueryData(['account', accountId], account);
      void qc.invalidateQueries({ queryKey: ['session'] });
    },
  });
}

export function useContacts(accountId: string | undefined) {
  return useQuery({
    queryKey: ['contacts', accountId],
    enabled: !!accountId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/contacts', {
          params: { path: { id: accountId! }, query: { page: 1, pageSize: 100 } },
        }),
      ),
  });
}

export function useAddContact(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ContactInput) =>
      call(api.POST('/api/v1/accounts/{id}/contacts', { params: { path: { id: accountId } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['contacts', accountId] }),
  });
}

export function useRemoveContact(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (contactId: string) =>
      call(
        api.DELETE('/api/v1/accounts/{id}/contacts/{contactId}', {
          params: { path: { id: accountId, contactId } },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['contacts', accountId] }),
  });
}

export function useInvitations(accountId: string | undefined) {
  return useQuery({
    queryKey: ['sub-invitations', accountId],
    enabled: !!accountId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/sub-account-invitations', {
          params: { path: { id: accountId! }, query: { page: 1, pageSize: 50 } },
        }),
      ),
  });
}

export function useAnswerInvitation(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (
      a: { id: string; answer: 'accept'; financeMode: 'custody' | 'independent' } | { id: string; answer: 'decline' },
    ): Promise<void> => {
      if (a.answer === 'accept')
        await call(
          api.POST('/api/v1/sub-account-invitations/{id}/accept', {
            params: { path: { id: a.id } },
            body: { financeMode: a.financeMode },
          }),
        );
      else await call(api.POST('/api/v1/sub-account-invitations/{id}/decline', { params: { path: { id: a.id } } }));
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['sub-invitations', accountId] });
      void qc.invalidateQueries({ queryKey: ['account', accountId] });
      void qc.invalidateQueries({ queryKey: ['plan', accountId] });
    },
  });
}

export function useTamAccounts(page: number) {
  return useQuery({
    queryKey: ['tam-accounts', page],
    queryFn: () => call(api.GET('/api/v1/tam/accounts', { params: { query: { page, pageSize: 20 } } })),
  });
}

export function useExpedite(ticketId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      call(api.POST('/api/v1/tickets/{id}/expedite', { params: { path: { id: ticketId } }, body: { reason } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ticket', ticketId] }),
  });
}
