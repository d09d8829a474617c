/** Plans, quotes, orders, payment, sharing and linked accounts (subscriptions context). */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { paths } from './schema';

type QuoteBody = paths['/api/v1/accounts/{id}/quotes']['post']['requestBody'] extends infer B
  ? B extends { content: { 'application/json': infer J } }
    ? J
    : never
  : never;
type OrderBody = paths['/api/v1/accounts/{id}/orders']['post']['requestBody'] extends infer B
  ? B extends { content: { 'application/json': infer J } }
    ? J
    : never
  : never;

export const planQuery = (accountId: string | undefined) =>
  queryOptions({
    queryKey: ['plan', accountId],
    enabled: !!accountId,
    queryFn: () => call(api.GET('/api/v1/accounts/{id}/plan', { params: { path: { id: accountId! } } })),
  });

export function usePlan(accountId: string | undefined) {
  return useQuery(planQuery(accountId));
}

export const balanceQuery = (accountId: string | undefined) =>
  queryOptions({
    queryKey: ['balance', accountId],
    enabled: !!accountId,
    queryFn: () => call(api.GET('/api/v1/accounts/{id}/balance', { params: { path: { id: accountId! } } })),
  });

export function useBalance(accountId: string | undefined) {
  return useQuery(balanceQuery(accountId));
}

export function useQuote(accountId: string) {
  return useMutation({
    mutationFn: (body: QuoteBody) =>
      call(api.POST('/api/v1/accounts/{id}/quotes', { params: { path: { id: accountId } }, body })),
  });
}

export function usePlaceOrder(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OrderBody) =>
      call(api.POST('/api/v1/accounts/{id}/orders', { params: { path: { id: accountId } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['plan', accountId] }),
  });
}

/**
 * Customers pay from the balance (`{ method: "balance" }`), a voucher applied first when named; otherwise the
 * provider's payment system confirms.
 */
export function usePayOrder(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orderId, voucherId }: { orderId: string; voucherId?: string | undefined }) =>
      call(
        api.POST('/api/v1/orders/{id}/pay', {
          params: { path: { id: orderId } },
          body: { method: 'balance', ...(voucherId ? { voucherId } : {}) },
        }),
      ),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['plan', accountId] });
      void qc.invalidateQueries({ queryKey: ['balance', accountId] });
      void qc.invalidateQueries({ queryKey: ['vouchers', accountId] });
    },
  });
}

/** The account's vouchers (issue 11) with their state, newest first. */
export function useVouchers(accountId: string | undefined) {
  return useQuery({
    queryKey: ['vouchers', accountId],
    enabled: !!accountId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/vouchers', {
          params: { path: { id: accountId! }, query: { page: 1, pageSize: 100 } },
        }),
      ),
  });
}

export function useSetAutoRenew(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) =>
      call(
        api.POST('/api/v1/accounts/{id}/plan/auto-renew', { params: { path: { id: accountId } }, body: { enabled } }),
      ),
    onSuccess: (plan) => qc.setQueryData(['plan', accountId], plan),
  });
}

export function useSetSharing(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) =>
      call(api.POST('/api/v1/accounts/{id}/sharing', { params: { path: { id: accountId } }, body: { enabled } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['account', accountId] }),
  });
}

export function useLinkedAccounts(accountId: string | undefined) {
  return useQuery({
    queryKey: ['linked', accountId],
    enabled: !!accountId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/linked-accounts', {
          params: { path: { id: accountId! }, query: { page: 1, pageSize: 100 } },
        }),
      ),
  });
}

export function useLinkAccount(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (other: string) =>
      call(
        api.POST('/api/v1/accounts/{id}/linked-accounts', {
          params: { path: { id: accountId } },
          body: { accountId: other },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['linked', accountId] }),
  });
}

/** Staff approve or reject a link request (Tianyi 关联账号). */
export function useDecideLink(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ linkId, decision }: { linkId: string; decision: 'approve' | 'reject' }) =>
      call(
        decision === 'approve'
          ? api.POST('/api/v1/linked-accounts/{id}/approve', { params: { path: { id: linkId } } })
          : api.POST('/api/v1/linked-accounts/{id}/reject', { params: { path: { id: linkId } } }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['linked', accountId] }),
  });
}

/** Staff: an account's orders in one status (the pending ones wait for a payment). */
export function useOrders(accountId: string | undefined, status?: 'pending_payment') {
  return useQuery({
    queryKey: ['orders', accountId, status],
    enabled: !!accountId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/orders', {
          params: { path: { id: accountId! }, query: { page: 1, pageSize: 50, ...(status ? { status } : {}) } },
        }),
      ),
  });
}

/** Staff (admin, billing operator): record a payment taken in the provider's own billing system. */
export function useRecordPayment(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orderId, reference }: { orderId: string; reference: string }) =>
      call(
        api.POST('/api/v1/orders/{id}/pay', {
          params: { path: { id: orderId } },
          body: { method: 'external', ...(reference ? { reference } : {}) },
        }),
      ),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['orders', accountId] });
      void qc.invalidateQueries({ queryKey: ['plan', accountId] });
    },
  });
}

/** Staff: credit money received to the account's balance. */
export function useTopUp(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { amount: { amount: string; currency: string }; reason?: string }) =>
      call(api.POST('/api/v1/accounts/{id}/balance/top-ups', { params: { path: { id: accountId } }, body })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['balance', accountId] }),
  });
}
