/** The message center (customers) and the staff inbox. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';

export function useMessages(accountId: string | undefined, page: number, unread?: boolean) {
  return useQuery({
    queryKey: ['messages', accountId, page, unread],
    enabled: !!accountId,
    queryFn: () =>
      call(
        api.GET('/api/v1/accounts/{id}/messages', {
          params: { path: { id: accountId! }, query: { page, pageSize: 20, ...(unread ? { unread: 'true' } : {}) } },
        }),
      ),
    refetchInterval: 60_000,
  });
}

export function useMarkRead(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, read }: { messageId: string; read: boolean }) =>
      call(
        api.POST('/api/v1/accounts/{id}/messages/{messageId}/read', {
          params: { path: { id: accountId, messageId } },
          body: { read },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['messages', accountId] }),
  });
}
