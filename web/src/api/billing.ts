/** Bills per consumption month (billing context). */
import { useQuery } from '@tanstack/react-query';
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
