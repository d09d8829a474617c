/** Notification preferences (customer users) and the staff call tasks (R-NTF-1). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';

export function usePreferences() {
  return useQuery({
    queryKey: ['notification-preferences'],
    queryFn: () => call(api.GET('/api/v1/users/me/notification-preferences')),
  });
}

export function useSetPreference() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (k: { kind: string; email: boolean }) =>
      call(api.PUT('/api/v1/users/me/notification-preferences', { body: { kinds: [k] } })),
    onSuccess: (data) => qc.setQueryData(['notification-preferences'], data),
  });
}

export type CallStatusFilter = 'open' | 'done' | 'all';

export function useCallTasks(status: CallStatusFilter, mine: boolean, page: number) {
  return useQuery({
    queryKey: ['call-tasks', status, mine, page],
    queryFn: () =>
      call(
        api.GET('/api/v1/call-tasks', {
          params: { query: { status, page, pageSize: 20, ...(mine ? { mine: 'true' as const } : {}) } },
        }),
      ),
    refetchInterval: 60_000,
  });
}

export function useRecordOutcome() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, outcome, note }: { id: string; outcome: 'done' | 'not_reached'; note?: string }) =>
      call(
        api.POST('/api/v1/call-tasks/{id}/outcome', {
          params: { path: { id } },
          body: { outcome, ...(note ? { note } : {}) },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['call-tasks'] }),
  });
}
