/** Bills per consumption month (billing context). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';

export function useBills(accountId: string | undefined, page: number) {
  return useQuery({
    queryKey: ['bills', accountId, page],
    enabled: !!accountId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/bills', { params: { path: { id: accountId! }, query: { page, pageSize: 12 } } }),
      ),
  });
}

/** The month-end run of a month (issue 13): polled every 2 s while it runs. */
export function useBillingRun(month: string | undefined) {
  return useQuery({
    queryKey: ['billing-run', month],
    enabled: !!month,
    queryFn: () => call(api.GET('/api/v1/billing/runs/{month}', { params: { path: { month: month! } } })),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'completed' ? 2000 : false),
  });
}

export function useStartBillingRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (month: string) => call(api.POST('/api/v1/billing/runs', { body: { month } })),
    onSuccess: (run) => qc.setQueryData(['billing-run', run.month], run),
  });
}
